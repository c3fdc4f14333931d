using System.Globalization;
using System.Text.Json.Serialization;

namespace LocUnlearn.Localization;

/// <summary>localization.settings.memflex.magnitude_rule: which value vectors count as having a large forget gradient.</summary>
public enum MagnitudeRule
{
    /// <summary>Mean |g_f| above the median over all value vectors [default]: scale-free, so it transfers across models.</summary>
    Median,
    /// <summary>Mean |g_f| above the fixed σ in magnitude_threshold, as the KnowUnDo code does (grad_thresh = 6e-4, tuned
    /// for the LoRA matrices of Llama-2-7B).</summary>
    Fixed,
}

/// <summary>localization.settings.wagle.gradient_reduction: how ∇ℓ_f and ∇ℓ_r are reduced over the data.</summary>
public enum GradientReduction
{
    /// <summary>Summed over the forget items, as the WAGLE code does (batch size 1, one retain item drawn per forget
    /// item, both accumulated without dividing): ∇ℓ = |D_f| · the mean gradient.</summary>
    Sum,
    /// <summary>The mean over items (SPEC 7 before the reference was read).</summary>
    Mean,
}

/// <summary>
/// MemFlex (Tian et al. 2024) [default reformulation to value vectors, SPEC 7]: a value vector is located when the
/// cosine of its forget and retain gradient columns is below <see cref="CosineThreshold"/> and its mean |g_f| passes
/// <see cref="MagnitudeRule"/> (the original σ = 6e-4 was tuned for LoRA-sized parameter groups and does not transfer,
/// hence the median by default).
/// </summary>
public sealed record MemFlexSettings
{
    public double CosineThreshold { get; init; } = 0.92;
    public MagnitudeRule MagnitudeRule { get; init; } = MagnitudeRule.Median;
    /// <summary>σ of <see cref="Localization.MagnitudeRule.Fixed"/>; null (and only null) with the median rule.</summary>
    public double? MagnitudeThreshold { get; init; }
    /// <summary>Share of each answer's tokens replaced by uniformly random tokens.</summary>
    public double ReplaceFraction { get; init; } = 0.5;
    /// <summary>Whether g_r is also taken on corrupted answers: the KnowUnDo code builds both gradients from the same
    /// randomly relabelled dataset class (pretrain/localization.py, TextDatasetRandomQA for both splits).</summary>
    public bool RetainCorrupted { get; init; } = true;
}

/// <summary>WAGLE (Jia et al. 2024): μ of S = |(θ - ∇ℓ_r/μ) ⊙ ∇ℓ_f| and how the gradients are reduced (SPEC 7).</summary>
public sealed record WagleSettings
{
    public double Mu { get; init; } = 1e-3;
    /// <summary>Sets the weight of ∇ℓ_r against θ in S (a sum is an effective μ of μ/|D_f|), so it changes the ranking.</summary>
    public GradientReduction GradientReduction { get; init; } = GradientReduction.Sum;
}

/// <summary>The localizers' own settings (config key localization.settings).</summary>
public sealed record LocalizerSettings
{
    [JsonPropertyName("memflex")]
    public MemFlexSettings MemFlex { get; init; } = new();
    public WagleSettings Wagle { get; init; } = new();

    /// <param name="where">the settings' key path, named in the message (e.g. "localization.settings")</param>
    public void Validate(string where)
    {
        void Require(bool ok, string key, string message)
        {
            if (!ok) throw new ArgumentException($"'{where}.{key}' {message}");
        }
        Require(MemFlex.CosineThreshold is >= -1 and <= 1, "memflex.cosine_threshold", $"must lie in [-1, 1], got {MemFlex.CosineThreshold}.");
        Require(MemFlex.MagnitudeRule == MagnitudeRule.Median || MemFlex.MagnitudeThreshold is not null, "memflex.magnitude_threshold",
            "must be set (the σ) when magnitude_rule is \"fixed\".");
        Require(MemFlex.MagnitudeRule == MagnitudeRule.Fixed || MemFlex.MagnitudeThreshold is null, "memflex.magnitude_threshold",
            "applies only with magnitude_rule \"fixed\" (the median rule has no threshold): set magnitude_rule or remove it.");
        Require(MemFlex.MagnitudeThreshold is null or >= 0, "memflex.magnitude_threshold", $"must be >= 0, got {MemFlex.MagnitudeThreshold}.");
        Require(MemFlex.ReplaceFraction is > 0 and <= 1, "memflex.replace_fraction", $"must lie in (0, 1], got {MemFlex.ReplaceFraction}.");
        Require(Wagle.Mu > 0, "wagle.mu", $"must be > 0, got {Wagle.Mu}.");
    }

    /// <summary>One line naming what <paramref name="method"/> computes with these settings, for reports.</summary>
    public string Describe(string method) => method.ToLowerInvariant() switch
    {
        RandomLocalizer.MethodName => "Random localizer: uniform scores from the seed",
        "activations" => "Activations: |mean forget activation| · ‖v‖ (no settings)",
        "memflex" => DescribeMemFlex(),
        "wagle" => $"WAGLE: S = |(θ − ∇ℓ_r/μ) ⊙ ∇ℓ_f| with μ = {Number(Wagle.Mu)}, gradients " +
                   (Wagle.GradientReduction == GradientReduction.Sum ? "summed over the forget items" : "averaged over the items"),
        _ => throw new ArgumentException($"unknown localizer '{method}'; known: {string.Join(", ", Localizers.Names)}.", nameof(method)),
    };

    private string DescribeMemFlex()
    {
        string retain = MemFlex.RetainCorrupted ? "corrupted labels like the forget gradient" : "clean labels";
        string magnitude = MemFlex.MagnitudeRule == MagnitudeRule.Median
            ? "the median over all value vectors"
            : $"σ = {Number(MemFlex.MagnitudeThreshold!.Value)}";
        return $"MemFlex: {Number(100 * MemFlex.ReplaceFraction)}% of answer tokens replaced, retain gradient on {retain}, " +
               $"located when cos < {Number(MemFlex.CosineThreshold)} and mean |g_f| above {magnitude}";
    }

    private static string Number(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
