using System.Globalization;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// Where the value vectors of each region lie (V_tgt, V_rdm, every localizer's region, the random localizer's too): a
/// grouped bar chart, one group per layer and one bar per region in a fixed order, so a localizer that finds V_tgt has
/// bars as tall as V_tgt's in the same layers.
/// </summary>
public static class RegionLayerFigure
{
    /// <summary>Bars of a group take this share of a layer's width; the rest separates layers.</summary>
    private const double GroupWidth = 0.84;

    public static void Save(string path, IReadOnlyList<RegionLayerCounts> regions, string title = "Value vectors per layer")
    {
        if (regions.Count == 0)
            throw new ArgumentException("Nothing to plot: no region.", nameof(regions));
        var plot = new Plot();
        FigureStyle.Apply(plot, title, "Layer", "Value vectors of the region in the layer (count)");
        IReadOnlyList<string> order = RegionStyle.Order(regions.Select(r => r.Name));
        IReadOnlyDictionary<string, Color> colors = RegionStyle.Colors(order);
        var ordered = order.Select(name => regions.First(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
        double width = GroupWidth / ordered.Count;
        for (int i = 0; i < ordered.Count; i++)
        {
            RegionLayerCounts region = ordered[i];
            double offset = (i - (ordered.Count - 1) / 2.0) * width;
            var bars = region.CountPerLayer
                .Select((count, layer) => new Bar
                {
                    Position = layer + offset, Value = count, Size = width * 0.92, FillColor = colors[region.Name], LineWidth = 0,
                })
                .ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"{RegionStyle.DisplayName(region.Name)} (n = {region.CountPerLayer.Sum():N0})");
        }

        int layers = regions.Max(r => r.CountPerLayer.Length);
        int maxCount = regions.SelectMany(r => r.CountPerLayer).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimits(-0.5, Math.Max(layers, 1) - 0.5, 0, maxCount > 0 ? maxCount * 1.08 : 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        FigureStyle.ShowLegendOutside(plot);
        PngFigure.Save(path, plot, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
    }
}
