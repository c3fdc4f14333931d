using LocUnlearn.Evaluation;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// Draws the runs of one panel in one metric plane: per region, the mean trajectory over seeds as a thick line with
/// markers (its end ringed) over a tinted band of ±1 std over seeds; θo and θr as large markers; in the (log10 FQ, MU)
/// plane the line 0.95·MU(θo) that MU95 reads checkpoints against. The figure places the legend (outside the data).
/// </summary>
internal static class TrajectoryPanel
{
    private const double BandOpacity = 0.2;

    public static Plot Create(string title, IReadOnlyList<RunTrajectory> runs, MetricPlane plane, AnchorModels anchors, PlaneRange range)
    {
        var plot = new Plot();
        FigureStyle.Apply(plot, title, plane.XLabel, plane.YLabel);

        IReadOnlyList<string> order = RegionStyle.Order(runs.Select(r => r.Region.Id));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(order);
        var regions = order
            .Select(id => runs.Where(r => string.Equals(r.Region.Id, id, StringComparison.OrdinalIgnoreCase) && r.Points.Count > 0).ToList())
            .Where(g => g.Count > 0)
            .Select(g => (Runs: g, Color: colors[g[0].Region.Id], Band: BandOf(g, plane)))
            .ToList();

        // Every band before every line, so no region's tint covers another's mean.
        foreach (var region in regions)
            plot.Add.Plottable(new TrajectoryBand(region.Band, region.Color.WithOpacity(BandOpacity)));
        if (anchors.Start is { } start && plane.StartThreshold is { } threshold)
        {
            var line = plot.Add.HorizontalLine(threshold.Y(start), 1.5f, Colors.Black.WithOpacity(0.6), LinePattern.Dashed);
            line.LegendText = threshold.Label;
        }
        foreach (var region in regions)
            AddMean(plot, region.Runs, region.Band, region.Color, plane);

        AddAnchor(plot, anchors.Start, plane, "θo (start)", MarkerShape.FilledSquare, Colors.Black);
        AddAnchor(plot, anchors.GoldStandard, plane, "θr (gold standard)", MarkerShape.FilledDiamond, Color.FromHex("#F0B400"));
        if (regions.Any(r => r.Runs.Count > 1))
            plot.Add.Plottable(LegendEntry.Fill("band: ±1 std over seeds", Colors.Gray.WithOpacity(BandOpacity + 0.1)));
        plot.Axes.SetLimits(range.XMin, range.XMax, range.YMin, range.YMax);
        return plot;
    }

    /// <summary>Every value a panel of these runs draws in the plane (for a range shared by several panels).</summary>
    public static IEnumerable<(double X, double Y)> Extent(IReadOnlyList<RunTrajectory> runs, MetricPlane plane, AnchorModels anchors)
    {
        foreach (RunTrajectory run in runs)
        {
            RequireFinite(run, plane);
            foreach (var c in run.Points)
                yield return (plane.X(c.Point), plane.Y(c.Point));
        }
        foreach (TradeOffPoint anchor in new[] { anchors.Start, anchors.GoldStandard }.OfType<TradeOffPoint>())
            if (double.IsFinite(plane.X(anchor)) && double.IsFinite(plane.Y(anchor)))
                yield return (plane.X(anchor), plane.Y(anchor));
        if (anchors.Start is { } start && plane.StartThreshold is { } threshold)
            yield return (plane.X(start), threshold.Y(start));
    }

    private static IReadOnlyList<BandPoint> BandOf(List<RunTrajectory> runs, MetricPlane plane)
    {
        foreach (RunTrajectory run in runs)
            RequireFinite(run, plane);
        var band = TrajectoryMean.Band(runs, plane);
        return band.Count > 0
            ? band
            : throw new ArgumentException(
                $"The {runs[0].Region.Id} runs of {runs[0].Objective} share no evaluated step, so they have no mean trajectory.");
    }

    private static void AddMean(Plot plot, List<RunTrajectory> runs, IReadOnlyList<BandPoint> mean, Color color, MetricPlane plane)
    {
        var line = plot.Add.Scatter(mean.Select(p => p.X).ToArray(), mean.Select(p => p.Y).ToArray(), color);
        line.LineWidth = FigureStyle.MeanLineWidth;
        line.MarkerSize = FigureStyle.MeanMarkerSize;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LegendText = runs.Count == 1 ? $"{runs[0].Region.DisplayName} (1 seed)" : $"{runs[0].Region.DisplayName} (mean of {runs.Count} seeds)";

        // The end of the mean trajectory gets a hollow ring so the direction of travel reads without arrows.
        var end = plot.Add.Marker(mean[^1].X, mean[^1].Y, MarkerShape.OpenCircle, FigureStyle.AnchorMarkerSize, color);
        end.LineWidth = 2.5f;
    }

    private static void AddAnchor(Plot plot, TradeOffPoint? point, MetricPlane plane, string label, MarkerShape shape, Color fill)
    {
        if (point is null || !double.IsFinite(plane.X(point)) || !double.IsFinite(plane.Y(point)))
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
