namespace LocUnlearn.Reporting;

/// <summary>
/// The evaluated trajectory of one unlearning or reconstruction run. <see cref="Objective"/> is the registry
/// name (wga, npo, dpo, rmu, or e.g. "reconstruction"); <see cref="Region"/> the region's name (oracle, random,
/// activations, memflex, wagle, random_a, ...). Points are in step order.
/// </summary>
public sealed record RunTrajectory(
    string Objective,
    string Region,
    int Seed,
    IReadOnlyList<TrajectoryPoint> Points);
