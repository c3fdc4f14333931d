using LocUnlearn.Config;
using LocUnlearn.Evaluation;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// One region-confined training run's outcome (unlearning, localized unlearning, reconstruction), written as result.json
/// next to trajectory.jsonl by <see cref="RegionRun"/>. A run whose loss became NaN/inf is recorded as failed with the
/// message, and the study goes on without it.
/// </summary>
public sealed record RunResult
{
    public const string OkStatus = "ok";
    public const string FailedStatus = "failed";

    public required RunKind Kind { get; init; }
    /// <summary>The objective's registry name (wga, npo, dpo, rmu, ...; mlp-reconstruction).</summary>
    public required string Objective { get; init; }
    public required Arm Region { get; init; }
    public required long Seed { get; init; }
    public required string Fingerprint { get; init; }
    public string Status { get; init; } = OkStatus;
    public string? Error { get; init; }
    public IReadOnlyList<Checkpoint<TradeOffPoint>> Trajectory { get; init; } = [];
    public double? Aues { get; init; }
    /// <summary>Best log10 FQ with MU ≥ 0.95·MU(θo); null when not computed (no θr to compare with).</summary>
    public double? Mu95 { get; init; }
    /// <summary>
    /// True when MU95 is θo's own forget quality because no unlearned checkpoint (or mixture) kept MU ≥ 0.95·MU(θo):
    /// the metric could not move, so a comparison that relies on it is degenerate, not a finding (issue 14).
    /// </summary>
    public bool Mu95FromThetaO { get; init; }
    /// <summary>Unlearned checkpoints (mixtures with α > 0 in mixing mode) whose MU ≥ 0.95·MU(θo).</summary>
    public int Mu95QualifyingCheckpoints { get; init; }
    /// <summary>How <see cref="Aues"/> and <see cref="Mu95"/> were computed (evaluation.trade_off).</summary>
    public TradeOffMode TradeOff { get; init; } = TradeOffMode.Points;
    /// <summary>The mixing grid and bisection, when <see cref="TradeOff"/> is mixing.</summary>
    public MixingTradeOffResult? Mixing { get; init; }
    public long RegionSize { get; init; }
    public long TrainableParameters { get; init; }
    public long OptimizerStateBytes { get; init; }
    public InvariantCheck? Invariant { get; init; }
    /// <summary>The per-layer measure of <see cref="RegionRun"/> on θo (step 0): the reconstruction's residual before any
    /// training, the baseline its <see cref="FinalLayerResiduals"/> are read against.</summary>
    public IReadOnlyList<double>? InitialLayerResiduals { get; init; }
    /// <summary>The same measure on the final weights (the reconstruction's per-layer MLP-output residual against θr).</summary>
    public IReadOnlyList<double>? FinalLayerResiduals { get; init; }
    /// <summary>The relearning attack on this run's final weights (experiment d), when enabled.</summary>
    public RelearnOutcome? Relearning { get; init; }
    public double WallSeconds { get; init; }
    /// <summary>The files the run wrote beside result.json (trajectory, kept model), verified before it is reused.</summary>
    public IReadOnlyDictionary<string, Common.OutputFile> Outputs { get; init; } = new Dictionary<string, Common.OutputFile>();

    public bool Ok => Status == OkStatus;
}
