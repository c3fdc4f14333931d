using LocUnlearn.Config;
using LocUnlearn.Evaluation;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Reporting;

/// <summary>What a run directory holds, read back from its records (<see cref="StudyOutcomeLoader"/>): everything the
/// report, the tables, summary.json and the manifest are made from.</summary>
/// <param name="WallSeconds">compute time of the study as its records state it (a resumed run keeps what each part cost)</param>
/// <param name="Timings">this process's own time per kind of work (empty when only reporting)</param>
public sealed record StudyOutcome(RunLayout Layout, ExperimentConfig Config, StageRecord Retain, IReadOnlyList<SeedSetup> Seeds,
    ExperimentResults Experiments, StageTimings Timings, double WallSeconds)
{
    /// <summary>Items of the forget split (what the report sets beside the study's 400).</summary>
    public int ForgetItems { get; init; }
    /// <summary>Experiment (d)'s references per seed (θr attacked, θo's held-out ES), where they finished.</summary>
    public IReadOnlyDictionary<long, StageRecord> RelearnReferences { get; init; } = new Dictionary<long, StageRecord>();
}

/// <summary>Everything experiments (a), (b), (c) produced, plus the anchor points θr and θo per seed.</summary>
public sealed record ExperimentResults(
    TradeOffPoint ThetaR,
    IReadOnlyDictionary<long, TradeOffPoint> ThetaO,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyList<(long Seed, LocalizedRegion Localized)> Localized);

/// <summary>
/// The evaluated trajectory of one run as a figure draws it: the objective's registry name (wga, npo, ..., or
/// mlp-reconstruction), the region arm, the seed, and the checkpoints in step order.
/// </summary>
public sealed record RunTrajectory(string Objective, Arm Region, long Seed, IReadOnlyList<Checkpoint<TradeOffPoint>> Points);
