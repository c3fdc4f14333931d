using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// A per-layer profile, one line per region: where a region's value vectors lie, or how much MLP-output
/// residual each layer keeps after reconstruction (SPEC 8). Lines rather than grouped bars because with 32
/// layers and several regions the bars get too thin to compare.
/// </summary>
public static class LayerProfileFigure
{
    public static void Save(string path, IReadOnlyList<LayerSeries> series, string title, string yLabel)
    {
        if (series.Count == 0)
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        if (series.SelectMany(s => s.Values).Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"A per-layer value is not finite in \"{title}\".", nameof(series));
        var plot = new Plot();
        FigureStyle.Apply(plot, title, "Layer", yLabel);
        IReadOnlyList<string> order = RegionStyle.Order(series.Select(s => s.Region));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(order);
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
            MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];
        int drawn = 0;
        foreach (LayerSeries s in order.SelectMany(name =>
                     series.Where(s => string.Equals(s.Region, name, StringComparison.OrdinalIgnoreCase))))
        {
            double[] layers = Enumerable.Range(0, s.Values.Count).Select(l => (double)l).ToArray();
            var line = plot.Add.Scatter(layers, s.Values.ToArray(), colors[s.Region]);
            line.LineWidth = 2;
            // Distinct shapes keep regions apart where colours are shared (e.g. Random C and WAGLE) or printed grey.
            line.MarkerShape = shapes[drawn % shapes.Length];
            line.MarkerSize = 7;
            line.LegendText = s.Label;
            drawn++;
        }

        int maxLayers = series.Max(s => s.Values.Count);
        double maxValue = series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        // Counts and squared residuals are non-negative: anchor the axis at 0 so heights compare as ratios;
        // the headroom keeps the legend off the lines.
        plot.Axes.SetLimits(-0.5, Math.Max(maxLayers, 1) - 0.5, 0, maxValue > 0 ? maxValue * 1.3 : 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        FigureStyle.ShowLegend(plot, Alignment.UpperRight);
        PngFigure.Save(path, plot, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
    }
}
