using LocUnlearn.Reporting;

namespace LocUnlearn.Study.Units;

/// <summary>Everything experiments (a), (b), (c) produced, plus the anchor points θr and θo per seed.</summary>
public sealed record ExperimentResults(
    TrajectoryPoint ThetaR,
    IReadOnlyDictionary<long, TrajectoryPoint> ThetaO,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyList<(long Seed, LocalizedRegion Localized)> Localized);
