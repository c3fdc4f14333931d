using LocUnlearn.Config;
using LocUnlearn.Reporting;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Units;

/// <summary>
/// One unlearning (or reconstruction) run's outcome, written as result.json next to trajectory.jsonl. A run whose
/// loss became NaN/inf is recorded as failed with the message, and the study goes on without it.
/// </summary>
public sealed record RunResult
{
    public required string Kind { get; init; }       // "unlearn" | "localized" | "reconstruct"
    public required string Objective { get; init; }
    public required string Region { get; init; }
    public required long Seed { get; init; }
    public required string Fingerprint { get; init; }
    public string Status { get; init; } = "ok";
    public string? Error { get; init; }
    public IReadOnlyList<TrajectoryPoint> Trajectory { get; init; } = [];
    public double? Aues { get; init; }
    /// <summary>Best log10 FQ with MU ≥ 0.95·MU(θo); null when no evaluated point qualifies.</summary>
    public double? Mu95 { get; init; }
    /// <summary>How <see cref="Aues"/> and <see cref="Mu95"/> were computed: "points" or "mixing" (evaluation.trade_off).</summary>
    public TradeOffMode TradeOff { get; init; } = TradeOffMode.Points;
    /// <summary>The mixing grid and bisection, when <see cref="TradeOff"/> is "mixing".</summary>
    public MixingTradeOffResult? Mixing { get; init; }
    public long RegionSize { get; init; }
    public long TrainableParameters { get; init; }
    public long OptimizerStateBytes { get; init; }
    public InvariantCheck? Invariant { get; init; }
    public IReadOnlyList<double>? FinalLayerResiduals { get; init; }
    public double WallSeconds { get; init; }

    public bool Ok => Status == "ok";

    /// <summary>The record of a run stopped by a NaN/inf loss.</summary>
    public static RunResult Failed(string kind, string objective, string region, long seed, string fingerprint, string error,
        long regionSize, double wallSeconds) => new()
    {
        Kind = kind, Objective = objective, Region = region, Seed = seed, Fingerprint = fingerprint,
        Status = "failed", Error = error, RegionSize = regionSize, WallSeconds = wallSeconds,
    };
}
