namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The trajectory figures of the report: Oracle vs Random per objective in the (FS, RS) and (log10 FQ, MU)
/// planes, and the MLP-output reconstruction runs (the study's Figure 1, SPEC 8).
/// </summary>
public static class TrajectoryFigures
{
    /// <summary>One panel per objective (grid of two columns) in the (FS, RS) plane.</summary>
    /// <param name="anchors">θo/θr per objective name; objectives missing from it get no markers.</param>
    public static void SaveForgetRetain(string path, IReadOnlyList<RunTrajectory> runs,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null) =>
        SaveByObjective(path, runs, MetricPlane.ForgetRetain, anchors);

    /// <summary>One panel per objective (grid of two columns) in the (log10 FQ, MU) plane.</summary>
    public static void SaveForgetQualityUtility(string path, IReadOnlyList<RunTrajectory> runs,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null) =>
        SaveByObjective(path, runs, MetricPlane.ForgetQualityUtility, anchors);

    /// <summary>Objectives in the order they first appear in <paramref name="runs"/>, one panel each.</summary>
    public static void SaveByObjective(string path, IReadOnlyList<RunTrajectory> runs, MetricPlane plane,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null)
    {
        var panels = runs.Select(r => r.Objective).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(objective => TrajectoryPanel.Create(
                RegionStyle.ObjectiveDisplayName(objective),
                runs.Where(r => string.Equals(r.Objective, objective, StringComparison.OrdinalIgnoreCase)).ToList(),
                plane,
                anchors is not null && anchors.TryGetValue(objective, out AnchorModels? a) ? a : AnchorModels.None))
            .ToList();
        PngFigure.SaveGrid(path, panels, columns: 2);
    }

    /// <summary>
    /// The reconstruction runs (Oracle and Random A/B/C regions) side by side in the (FS, RS) and the
    /// (log10 FQ, MU) planes, θo and θr marked: a run that reaches θr in both planes restored the forget-set
    /// behaviour of a model that never saw it.
    /// </summary>
    public static void SaveReconstruction(string path, IReadOnlyList<RunTrajectory> runs, AnchorModels anchors) =>
        PngFigure.SaveGrid(path,
        [
            TrajectoryPanel.Create("MLP-output reconstruction: FS vs RS", runs, MetricPlane.ForgetRetain, anchors),
            TrajectoryPanel.Create("MLP-output reconstruction: log₁₀ FQ vs MU", runs, MetricPlane.ForgetQualityUtility, anchors),
        ], columns: 2);
}
