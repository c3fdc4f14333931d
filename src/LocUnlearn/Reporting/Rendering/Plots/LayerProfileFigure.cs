using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// A per-layer profile, one line per region, e.g. how much MLP-output residual each layer keeps after reconstruction
/// (SPEC 8), with an optional dashed baseline (the same measure on θo, before any training) that the regions are read
/// against: a region whose line lies on the baseline changed nothing in that layer. Values that span more than
/// <see cref="LogScaleRatio"/> are drawn on a log axis, so ratios (Random 40x the Oracle) read as distances.
/// </summary>
public static class LayerProfileFigure
{
    /// <summary>Above this ratio of the largest to the smallest value (all positive) the y axis is logarithmic: with a
    /// baseline 10–100x the regions' values, a linear axis flattens the regions into one line at 0.</summary>
    public const double LogScaleRatio = 20;

    public static void Save(string path, IReadOnlyList<LayerSeries> series, string title, string yLabel, LayerSeries? baseline = null)
    {
        if (series.Count == 0)
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        var all = baseline is null ? series : [.. series, baseline];
        var values = all.SelectMany(s => s.Values).ToList();
        if (values.Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"A per-layer value is not finite in \"{title}\".", nameof(series));
        bool log = values.All(v => v > 0) && values.Max() / values.Min() > LogScaleRatio;
        Func<double, double> y = log ? Math.Log10 : v => v;
        var plot = new Plot();
        FigureStyle.Apply(plot, title, "Layer", log ? yLabel + ", log scale" : yLabel);
        IReadOnlyList<string> order = RegionStyle.Order(series.Select(s => s.Region));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(order);
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
            MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];
        if (baseline is not null)
            AddLine(plot, baseline, y, Colors.Black, MarkerShape.OpenCircle).LinePattern = LinePattern.Dashed;
        int drawn = 0;
        foreach (LayerSeries s in order.SelectMany(name =>
                     series.Where(s => string.Equals(s.Region, name, StringComparison.OrdinalIgnoreCase))))
            // Distinct shapes keep regions apart where colours are shared (e.g. Random C and WAGLE) or printed grey.
            AddLine(plot, s, y, colors[s.Region], shapes[drawn++ % shapes.Length]);

        int maxLayers = all.Max(s => s.Values.Count);
        if (log)
        {
            // Ticks at powers of ten labelled with the value, minor ticks at 2..9 times them.
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
            plot.Axes.SetLimits(-0.5, maxLayers - 0.5, Math.Log10(values.Min()) - 0.15, Math.Log10(values.Max()) + 0.15);
        }
        else
        {
            // Counts and squared residuals are non-negative: anchor the axis at 0 so heights compare as ratios.
            double maxValue = values.DefaultIfEmpty(0).Max();
            plot.Axes.SetLimits(-0.5, Math.Max(maxLayers, 1) - 0.5, 0, maxValue > 0 ? maxValue * 1.08 : 1);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        FigureStyle.ShowLegendOutside(plot);
        PngFigure.Save(path, plot, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, LayerSeries s, Func<double, double> y, Color color, MarkerShape shape)
    {
        double[] layers = Enumerable.Range(0, s.Values.Count).Select(l => (double)l).ToArray();
        var line = plot.Add.Scatter(layers, s.Values.Select(y).ToArray(), color);
        line.LineWidth = 2;
        line.MarkerShape = shape;
        line.MarkerSize = 8;
        line.LegendText = s.Label;
        return line;
    }
}
