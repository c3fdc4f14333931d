using System.Globalization;
using ScottPlot;

namespace LocUnlearn.Experiments.Reporting.Plots;

/// <summary>
/// Where the value vectors of each region lie: count per layer, one line per region. Lines rather than
/// grouped bars because with 32 layers and several regions the bars get too thin to compare.
/// </summary>
public static class RegionLayerFigure
{
    public static void Save(string path, IReadOnlyList<RegionLayerCounts> regions, string title = "Value vectors per layer")
    {
        if (regions.Count == 0)
            throw new ArgumentException("Nothing to plot: no regions.", nameof(regions));
        var plot = new Plot();
        FigureStyle.Apply(plot, title, "Layer", "Value vectors in region (count)");
        IReadOnlyList<string> order = RegionStyle.Order(regions.Select(r => r.Name));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(order);
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp,
            MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare];
        int drawn = 0;
        foreach (string name in order)
        {
            foreach (RegionLayerCounts region in regions.Where(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                double[] layers = Enumerable.Range(0, region.CountPerLayer.Length).Select(l => (double)l).ToArray();
                double[] counts = region.CountPerLayer.Select(c => (double)c).ToArray();
                var line = plot.Add.Scatter(layers, counts, colors[name]);
                line.LineWidth = 2;
                // Distinct shapes keep regions apart where colours are shared (e.g. Random C and WAGLE) or printed grey.
                line.MarkerShape = shapes[drawn % shapes.Length];
                line.MarkerSize = 7;
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{RegionStyle.DisplayName(name)} (n = {region.CountPerLayer.Sum():N0})");
                drawn++;
            }
        }

        int maxLayers = regions.Max(r => r.CountPerLayer.Length);
        int maxCount = regions.Max(r => r.CountPerLayer.DefaultIfEmpty(0).Max());
        plot.Axes.SetLimits(-0.5, Math.Max(maxLayers, 1) - 0.5, 0, Math.Max(maxCount, 1) * 1.25);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        FigureStyle.ShowLegend(plot, Alignment.UpperRight);
        PngFigure.Save(path, plot, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
    }
}
