using LocUnlearn.Evaluation.Statistics;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The headline figure (oracle_vs_random.png): a panel per metric, a group per objective; in each group every seed's
/// value of both arms (a grey line joins a seed's two values, so a consistent direction shows as parallel lines), and
/// beside each arm its mean with the 95% Student t interval over seeds. Values that are θo's own (MU95 without a
/// qualifying checkpoint) are hollow grey with dashed pair lines, and the group says "θo only": a flat line there is not a
/// finding.
/// </summary>
public static class PairedArmsFigure
{
    private const double GroupSpacing = 2.6, ArmOffset = 0.42, MeanOffset = 0.8, MeanHalfWidth = 0.13;
    /// <summary>Seeds of an arm sit this far apart horizontally, so seeds with equal values (MU95 often repeats θo's
    /// value) show as several points, not one.</summary>
    private const double SeedSpread = 0.07;
    private static readonly Color ThetaOOnlyColor = Color.FromHex("#8A8A8A");
    /// <summary>Reference lines by their order in a panel: the first (θr, the floor) dark, the second (θo) lighter.</summary>
    private static readonly Color[] ReferenceColors = [Color.FromHex("#333333"), Color.FromHex("#B07AA1")];

    public static void Save(string path, IReadOnlyList<PairedArmsPanel> panels)
    {
        var drawn = panels.Where(p => p.Objectives.Count > 0).ToList();
        if (drawn.Count == 0)
            throw new ArgumentException("Nothing to plot: no objective has a value in either arm.", nameof(panels));
        // One legend for the figure: every panel draws the arms the same way.
        PngFigure.SaveGrid(path, drawn.Select(Panel).ToList(), columns: drawn.Count, legend: Legend(drawn));
    }

    private static Plot Panel(PairedArmsPanel panel)
    {
        var plot = new Plot();
        FigureStyle.Apply(plot, panel.Title, "", panel.YLabel);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var colors = RegionStyle.Colors(RegionStyle.Order(panel.Objectives.SelectMany(o => new[] { o.First.Arm.Id, o.Second.Arm.Id })));
        for (int g = 0; g < panel.Objectives.Count; g++)
        {
            PairedArms group = panel.Objectives[g];
            double centre = g * GroupSpacing;
            ticks.AddMajor(centre, RegionStyle.ObjectiveDisplayName(group.Objective));
            foreach (var (a, b) in group.Pairs)
            {
                var pair = plot.Add.Line(centre - ArmOffset + Jitter(group.First, a), a.Value, centre + ArmOffset + Jitter(group.Second, b), b.Value);
                pair.Color = Colors.Gray.WithOpacity(0.7);
                pair.LineWidth = 1.4f;
                pair.LinePattern = a.ThetaOOnly || b.ThetaOOnly ? LinePattern.Dashed : LinePattern.Solid;
            }
            AddArm(plot, group.First, centre - ArmOffset, centre - MeanOffset, colors[group.First.Arm.Id]);
            AddArm(plot, group.Second, centre + ArmOffset, centre + MeanOffset, colors[group.Second.Arm.Id]);
        }
        foreach (var (line, i) in panel.References.Select((r, i) => (r, i)))
        {
            var h = plot.Add.HorizontalLine(line.Value);
            h.Color = ReferenceColors[i % ReferenceColors.Length];
            h.LineWidth = 1.6f;
            h.LinePattern = LinePattern.Dashed;
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FigureStyle.AxisLabelSize;
        var (low, high) = Range(panel);
        // The headroom above the data holds the "θo only" notes, so they never sit on a point.
        double top = high + (high - low) * 0.14;
        foreach (var (group, g) in panel.Objectives.Select((o, g) => (o, g)))
            if (group.ThetaOOnlyNote is { } note)
            {
                var text = plot.Add.Text(note, g * GroupSpacing, top);
                text.LabelFontSize = FigureStyle.LegendSize;
                text.LabelFontColor = ThetaOOnlyColor;
                text.LabelBold = true;
                text.LabelAlignment = Alignment.UpperCenter;
            }
        plot.Axes.SetLimits(-GroupSpacing / 2, (panel.Objectives.Count - 0.5) * GroupSpacing, low, top);
        return plot;
    }

    private static void AddArm(Plot plot, ArmValues arm, double x, double meanX, Color color)
    {
        foreach (SeedValue seed in arm.Seeds)
        {
            var marker = plot.Add.Marker(x + Jitter(arm, seed), seed.Value, seed.ThetaOOnly ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 11,
                seed.ThetaOOnly ? ThetaOOnlyColor : color);
            marker.MarkerLineWidth = 2;
        }
        if (arm.Mean is not { } mean)
            return;
        Color meanColor = arm.ThetaOOnlyCount > 0 ? ThetaOOnlyColor : color;
        var bar = plot.Add.Line(meanX - MeanHalfWidth, mean.Mean, meanX + MeanHalfWidth, mean.Mean);
        bar.Color = meanColor;
        bar.LineWidth = 3.5f;
        if (mean.HasBounds)
        {
            var ci = plot.Add.ErrorBar([meanX], [mean.Mean], [mean.High - mean.Mean]);
            ci.Color = meanColor;
            ci.LineWidth = 2;
            ci.CapSize = 8;
        }
    }

    private static double Jitter(ArmValues arm, SeedValue seed)
    {
        int rank = 0;
        while (rank < arm.Seeds.Count && arm.Seeds[rank] != seed)
            rank++;
        return (rank - (arm.Seeds.Count - 1) / 2.0) * SeedSpread;
    }

    /// <summary>Lowest and highest value drawn (seeds and interval bounds), padded.</summary>
    private static (double Low, double High) Range(PairedArmsPanel panel)
    {
        var values = panel.Objectives
            .SelectMany(o => new[] { o.First, o.Second })
            .SelectMany(a => a.Seeds.Select(s => s.Value).Concat(a.Mean is { HasBounds: true } m ? [m.Low, m.High] : []))
            .Concat(panel.References.Select(r => r.Value))
            .ToList();
        double low = values.Min(), high = values.Max();
        double pad = high > low ? (high - low) * 0.06 : Math.Max(Math.Abs(high) * 0.1, 0.05);
        return (low - pad, high + pad);
    }

    private static Plot Legend(IReadOnlyList<PairedArmsPanel> panels)
    {
        var plot = new Plot();
        var groups = panels.SelectMany(p => p.Objectives).ToList();
        var colors = RegionStyle.Colors(RegionStyle.Order(groups.SelectMany(o => new[] { o.First.Arm.Id, o.Second.Arm.Id })));
        int seeds = groups.Max(o => Math.Max(o.First.Seeds.Count, o.Second.Seeds.Count));
        foreach (var arm in new[] { groups[0].First.Arm, groups[0].Second.Arm })
            plot.Add.Plottable(LegendEntry.Marker($"{arm.DisplayName}: one seed", colors[arm.Id], MarkerShape.FilledCircle));
        plot.Add.Plottable(LegendEntry.Line("joins one seed's two arms", Colors.Gray, LinePattern.Solid));
        plot.Add.Plottable(LegendEntry.Line(seeds > 1 ? $"mean and 95% CI (Student t, {seeds} seeds)" : "mean (1 seed: no CI)",
            Colors.Black, LinePattern.Solid, 3.5f));
        var references = panels.SelectMany(p => p.References.Select((r, i) => (r.Label, i))).DistinctBy(r => r.Label);
        foreach (var (label, i) in references)
            plot.Add.Plottable(LegendEntry.Line(label, ReferenceColors[i % ReferenceColors.Length], LinePattern.Dashed));
        if (groups.Any(o => o.ThetaOOnlyCount > 0))
            plot.Add.Plottable(LegendEntry.Marker("θo only: no checkpoint kept 0.95·MU(θo)", ThetaOOnlyColor, MarkerShape.OpenCircle));
        return plot;
    }
}
