using LocUnlearn.Evaluation;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// Draws the runs of one panel in one metric plane: per region, each seed as a thin translucent line and the
/// mean over seeds as a thick line with markers; θo and θr as large black markers.
/// </summary>
internal static class TrajectoryPanel
{
    public static Plot Create(string title, IReadOnlyList<RunTrajectory> runs, MetricPlane plane, AnchorModels anchors)
    {
        var plot = new Plot();
        FigureStyle.Apply(plot, title, plane.XLabel, plane.YLabel);

        IReadOnlyList<string> regions = RegionStyle.Order(runs.Select(r => r.Region.Id));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(regions);
        foreach (string region in regions)
        {
            var regionRuns = runs
                .Where(r => string.Equals(r.Region.Id, region, StringComparison.OrdinalIgnoreCase) && r.Points.Count > 0)
                .ToList();
            AddRegion(plot, regionRuns, region, colors[region], plane);
        }

        AddAnchor(plot, anchors.Start, plane, "θo (start)", MarkerShape.FilledSquare, Colors.Black);
        AddAnchor(plot, anchors.GoldStandard, plane, "θr (gold standard)", MarkerShape.FilledDiamond,
            Color.FromHex("#F0B400"));
        FigureStyle.ShowLegend(plot, Alignment.LowerLeft);
        plot.Axes.Margins(0.08, 0.08);
        return plot;
    }

    private static void AddRegion(Plot plot, List<RunTrajectory> runs, string region, Color color, MetricPlane plane)
    {
        if (runs.Count == 0)
            return;
        foreach (RunTrajectory run in runs)
        {
            RequireFinite(run, plane);
            var seed = plot.Add.Scatter(
                run.Points.Select(c => plane.X(c.Point)).ToArray(),
                run.Points.Select(c => plane.Y(c.Point)).ToArray(),
                color.WithOpacity(FigureStyle.SeedLineOpacity));
            seed.LineWidth = FigureStyle.SeedLineWidth;
            seed.MarkerSize = 0;
        }

        var mean = TrajectoryMean.Of(runs).Select(c => c.Point).ToList();
        if (mean.Count == 0)
            throw new ArgumentException(
                $"The {region} runs of {runs[0].Objective} share no evaluated step, so they have no mean trajectory.");
        var line = plot.Add.Scatter(mean.Select(plane.X).ToArray(), mean.Select(plane.Y).ToArray(), color);
        line.LineWidth = FigureStyle.MeanLineWidth;
        line.MarkerSize = FigureStyle.MeanMarkerSize;
        line.MarkerShape = MarkerShape.FilledCircle;
        string seeds = runs.Count == 1 ? "1 seed" : $"mean of {runs.Count} seeds";
        line.LegendText = $"{RegionStyle.DisplayName(region)} ({seeds})";

        // The end of the mean trajectory gets a hollow ring so the direction of travel reads without arrows.
        TradeOffPoint last = mean[^1];
        var end = plot.Add.Marker(plane.X(last), plane.Y(last), MarkerShape.OpenCircle, FigureStyle.AnchorMarkerSize, color);
        end.LineWidth = 2.5f;
    }

    private static void AddAnchor(Plot plot, TradeOffPoint? point, MetricPlane plane, string label, MarkerShape shape, Color fill)
    {
        if (point is null)
            return;
        // Diamonds look smaller than squares of the same nominal size; scale so both anchors weigh the same.
        float size = shape == MarkerShape.FilledDiamond ? FigureStyle.AnchorMarkerSize * 1.35f : FigureStyle.AnchorMarkerSize;
        var marker = plot.Add.Marker(plane.X(point), plane.Y(point), shape, size, fill);
        marker.MarkerLineColor = Colors.Black;
        marker.MarkerLineWidth = 1.5f;
        marker.LegendText = label;
    }

    // A p-value that underflowed to 0 gives log10 FQ = -inf; ScottPlot would silently autoscale to nothing.
    // Name the point so the metric that produced it can be fixed (e.g. by flooring the p-value).
    private static void RequireFinite(RunTrajectory run, MetricPlane plane)
    {
        foreach (var (step, p) in run.Points)
        {
            if (!double.IsFinite(plane.X(p)) || !double.IsFinite(plane.Y(p)))
                throw new ArgumentException(
                    $"{run.Objective}/{run.Region.Id}/seed {run.Seed} step {step} has a non-finite value in the {plane.Key} plane: {p}.");
        }
    }
}
