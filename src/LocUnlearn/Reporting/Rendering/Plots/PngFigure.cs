using ScottPlot;
using LocUnlearn.Common;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>Renders a plot or a grid of panels to PNG and writes it atomically.</summary>
internal static class PngFigure
{
    public static void Save(string path, Plot plot, int width, int height)
    {
        RequireFonts();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>Lays the panels out in a grid of <paramref name="columns"/> columns, row by row.</summary>
    public static void SaveGrid(string path, IReadOnlyList<Plot> panels, int columns)
    {
        if (panels.Count == 0)
            throw new ArgumentException("A figure needs at least one panel.", nameof(panels));
        RequireFonts();
        int cols = Math.Min(columns, panels.Count);
        int rows = (panels.Count + cols - 1) / cols;
        // The Plot constructor of Multiplot makes that plot its first subplot (the empty one adds a blank plot).
        var multiplot = new Multiplot(panels[0]);
        foreach (Plot panel in panels.Skip(1))
            multiplot.AddPlot(panel);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, cols);
        using Image image = multiplot.Render(cols * FigureStyle.PanelWidth, rows * FigureStyle.PanelHeight);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }

    /// <summary>
    /// ScottPlot's SkiaSharp build (NativeAssets.Linux.NoDependencies) needs no fontconfig but reads fonts only
    /// from /usr/share/fonts; with none there it silently draws figures without a single label. A figure without
    /// axis labels is worse than none, so fail with the fix instead.
    /// </summary>
    private static void RequireFonts()
    {
        // Without font files the manager still reports one family, with an empty name and no glyphs.
        if (!SkiaSharp.SKFontManager.Default.FontFamilies.Any(f => !string.IsNullOrEmpty(f)))
            throw new InvalidOperationException(
                "No fonts found for drawing figures (SkiaSharp looks in /usr/share/fonts). " +
                "Install one, e.g. on Debian/Ubuntu: apt-get install fonts-dejavu-core.");
    }
}
