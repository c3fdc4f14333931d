using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// Sizes shared by every figure. Panels are rendered large enough that labels stay legible when a figure is
/// scaled down to a column width in a paper.
/// </summary>
internal static class FigureStyle
{
    public const int PanelWidth = 720;
    public const int PanelHeight = 560;
    public const float TitleSize = 20;
    public const float AxisLabelSize = 15;
    public const float TickLabelSize = 13;
    public const float LegendSize = 13;
    public const float SeedLineWidth = 1.2f;
    public const float MeanLineWidth = 3f;
    public const float MeanMarkerSize = 6;
    public const float AnchorMarkerSize = 16;

    // Thin per-seed lines are drawn translucent so the thick mean stays the first thing the eye follows.
    public const double SeedLineOpacity = 0.35;

    public static void Apply(Plot plot, string title, string xLabel, string yLabel)
    {
        if (SansSerifFamily() is string sans)
            plot.Font.Set(sans);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickLabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickLabelSize;
        // ScottPlot's default density puts a label every 0.05 on a unit axis; half as many reads better in print.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = 0.6 };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = 0.6 };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.1);
    }

    /// <summary>The legend in a panel of its own right of the data area: it can never cover a point, whatever the data.</summary>
    public static void ShowLegendOutside(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        Plain(plot.Legend);
    }

    /// <summary>A legend outside the data needs no frame or shadow to separate it from the data.</summary>
    public static void Plain(Legend legend)
    {
        legend.FontSize = LegendSize;
        legend.OutlineColor = Colors.Transparent;
        legend.ShadowColor = Colors.Transparent;
    }

    /// <summary>
    /// A sans-serif family installed on this machine, if any. Skia's default typeface is whichever family it
    /// found first (DejaVu Serif on Debian); sans-serif is what figure guidelines of most venues ask for.
    /// </summary>
    private static string? SansSerifFamily() =>
        SkiaSharp.SKFontManager.Default.FontFamilies
            .Where(f => f.Contains("Sans", StringComparison.Ordinal) && !f.Contains("Mono", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
}
