namespace LocUnlearn.Config;

/// <summary>
/// The controlled setup's requirements (SPEC 4.4), checked in every run (summary.json controlled_setup.checks). A failed
/// check is a finding, not a crash: the run completes, and the report withholds its conclusions.
/// </summary>
public sealed record ChecksConfig
{
    /// <summary>θr must know the retain set: retain ES ≥ this.</summary>
    public double ThetaRRetainEsMin { get; init; } = 0.9;
    /// <summary>θr must not know the forget set: forget ES ≤ this.</summary>
    public double ThetaRForgetEsMax { get; init; } = 0.2;
    /// <summary>θo must know the forget set: forget ES ≥ this.</summary>
    public double ThetaOForgetEsMin { get; init; } = 0.9;
    /// <summary>θo learned the forget set about as well as full fine-tuning: forget ES ≥ θo-full's − this.</summary>
    public double FullReferenceForgetEsMargin { get; init; } = 0.05;
    /// <summary>θo (and θo-full) keep θr's retain knowledge: |retain ES − θr's| ≤ this.</summary>
    public double RetainEsTolerance { get; init; } = 0.05;
    /// <summary>θo (and θo-full) keep θr's utility: MU ≥ this × MU(θr).</summary>
    public double UtilityRatioMin { get; init; } = 0.95;
    /// <summary>θo's forget truth ratios are far from θr's: log10 FQ(θo vs θr) ≤ this (-3 in quick, -5 at TOFU size).</summary>
    public double ThetaOLog10FqMax { get; init; } = -5;
}

/// <summary>How the comparisons are tested (SPEC 10).</summary>
public sealed record StatisticsConfig
{
    /// <summary>Significance level of the paired t-test (differs) and of the equivalence test (equivalent).</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>Equivalence margins per metric for the paired TOST: |Δ| below the margin counts as "alike".</summary>
    public EquivalenceMargins EquivalenceMargin { get; init; } = new();
    /// <summary>Resamples of the paired bootstrap over seeds for the 95% CI of the mean difference.</summary>
    public int BootstrapResamples { get; init; } = 10_000;
    public int BootstrapSeed { get; init; }
}

public sealed record EquivalenceMargins
{
    /// <summary>AUES lies in [0, 1]: 0.05 is a twentieth of its range.</summary>
    public double Aues { get; init; } = 0.05;
    /// <summary>MU95 is a log10 p-value: 1.0 is a factor of ten in forget quality.</summary>
    public double Mu95 { get; init; } = 1.0;
    /// <summary>The relearning attack's recovered fraction and held-out ES (experiment d) lie in [0, 1].</summary>
    public double Relearning { get; init; } = 0.1;
}

/// <summary>
/// The reconstruction's random regions represent "the same change" as the Oracle region only when they match it on every
/// count (SPEC 8): forgetting, what is kept, and the MLP outputs themselves.
/// </summary>
public sealed record SameChangeTolerances
{
    /// <summary>The random regions reach at least this share of the Oracle region's FS gain over θo.</summary>
    public double FsGainShareMin { get; init; } = 0.8;
    /// <summary>Their final RS is within this of the Oracle region's.</summary>
    public double RetainScoreTolerance { get; init; } = 0.05;
    /// <summary>Their final MU is within this of the Oracle region's.</summary>
    public double UtilityTolerance { get; init; } = 0.05;
    /// <summary>Their final summed MLP residual is at most this multiple of the Oracle region's.</summary>
    public double ResidualRatioMax { get; init; } = 1.5;
}
