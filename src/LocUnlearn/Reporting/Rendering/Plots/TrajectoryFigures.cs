using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The trajectory figures of the report: Oracle vs Random per objective in the (FS, RS) and (log10 FQ, MU)
/// planes, and the MLP-output reconstruction runs (the study's Figure 1, SPEC 8). All panels of a figure share one
/// range per plane ([0, 1] for FS and RS), so a reader compares panels without reading their ticks.
/// </summary>
public static class TrajectoryFigures
{
    /// <summary>One panel per objective (grid of two columns) in the (FS, RS) plane.</summary>
    /// <param name="anchors">θo/θr per objective name; objectives missing from it get no markers.</param>
    /// <param name="configOrder">the config's objectives, for the order of those after WGA, NPO, DPO, RMU</param>
    public static void SaveForgetRetain(string path, IReadOnlyList<RunTrajectory> runs,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null, IReadOnlyList<string>? configOrder = null) =>
        SaveByObjective(path, runs, MetricPlane.ForgetRetain, anchors, configOrder);

    /// <summary>One panel per objective (grid of two columns) in the (log10 FQ, MU) plane.</summary>
    public static void SaveForgetQualityUtility(string path, IReadOnlyList<RunTrajectory> runs,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null, IReadOnlyList<string>? configOrder = null) =>
        SaveByObjective(path, runs, MetricPlane.ForgetQualityUtility, anchors, configOrder);

    /// <summary>Objectives in <see cref="ObjectiveOrder"/>, one panel each.</summary>
    public static void SaveByObjective(string path, IReadOnlyList<RunTrajectory> runs, MetricPlane plane,
        IReadOnlyDictionary<string, AnchorModels>? anchors = null, IReadOnlyList<string>? configOrder = null)
    {
        var panels = ObjectiveOrder.Of(runs.Select(r => r.Objective), configOrder)
            .Select(objective => (
                Title: RegionStyle.ObjectiveDisplayName(objective),
                Runs: (IReadOnlyList<RunTrajectory>)runs.Where(r => string.Equals(r.Objective, objective, StringComparison.OrdinalIgnoreCase)).ToList(),
                Anchors: anchors is not null && anchors.TryGetValue(objective, out AnchorModels? a) ? a : AnchorModels.None))
            .ToList();
        PlaneRange range = plane.FixedRange
            ?? PlaneRange.Around(panels.SelectMany(p => TrajectoryPanel.Extent(p.Runs, plane, p.Anchors)).ToList());
        PngFigure.SaveGrid(path, panels.Select(p => TrajectoryPanel.Create(p.Title, p.Runs, plane, p.Anchors, range)).ToList(), columns: 2);
    }

    /// <summary>
    /// The reconstruction runs (Oracle and Random A/B/C regions) side by side in the (FS, RS) and the
    /// (log10 FQ, MU) planes, θo and θr marked: a run that reaches θr in both planes restored the forget-set
    /// behaviour of a model that never saw it.
    /// </summary>
    public static void SaveReconstruction(string path, IReadOnlyList<RunTrajectory> runs, AnchorModels anchors)
    {
        Plot Panel(string title, MetricPlane plane) => TrajectoryPanel.Create(title, runs, plane, anchors,
            plane.FixedRange ?? PlaneRange.Around(TrajectoryPanel.Extent(runs, plane, anchors).ToList()));
        PngFigure.SaveGrid(path,
        [
            Panel("MLP-output reconstruction: FS vs RS", MetricPlane.ForgetRetain),
            Panel("MLP-output reconstruction: log₁₀ FQ vs MU", MetricPlane.ForgetQualityUtility),
        ], columns: 2);
    }
}
