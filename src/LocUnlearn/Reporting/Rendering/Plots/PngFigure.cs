using ScottPlot;
using SkiaSharp;
using LocUnlearn.Common;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>Renders a plot or a grid of panels to PNG and writes it atomically.</summary>
internal static class PngFigure
{
    private const int LegendPadding = 16;

    public static void Save(string path, Plot plot, int width, int height)
    {
        RequireFonts();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>
    /// Lays the panels out in a grid of <paramref name="columns"/> columns, row by row, in a canvas of
    /// columns × <see cref="FigureStyle.PanelWidth"/> by rows × <see cref="FigureStyle.PanelHeight"/>. The legend goes
    /// outside every data area: one column right of the grid for the whole figure when <paramref name="legend"/> is given
    /// or one panel's legend holds every panel's entries; otherwise each panel's own, right of its data.
    /// </summary>
    public static void SaveGrid(string path, IReadOnlyList<Plot> panels, int columns, Plot? legend = null)
    {
        if (panels.Count == 0)
            throw new ArgumentException("A figure needs at least one panel.", nameof(panels));
        RequireFonts();
        int cols = Math.Min(columns, panels.Count);
        int rows = (panels.Count + cols - 1) / cols;
        int width = cols * FigureStyle.PanelWidth, height = rows * FigureStyle.PanelHeight;
        Plot? shared = legend ?? FullestLegend(panels);
        using SKImage? legendImage = shared is null ? null : LegendImage(shared);
        foreach (Plot panel in panels)
        {
            if (legendImage is null)
                FigureStyle.ShowLegendOutside(panel);
            else
                panel.HideLegend();
        }
        int legendWidth = legendImage is null ? 0 : legendImage.Width + 2 * LegendPadding;
        float panelWidth = (width - legendWidth) / (float)cols;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            // A plot clears the whole canvas before rendering unless told otherwise, which would erase the panels before it.
            panels[i].RenderManager.ClearCanvasBeforeEachRender = false;
            panels[i].Render(surface.Canvas, new PixelRect(new Pixel(i % cols * panelWidth, i / cols * FigureStyle.PanelHeight),
                panelWidth, FigureStyle.PanelHeight));
        }
        if (legendImage is not null)
            surface.Canvas.DrawImage(legendImage, width - legendWidth + LegendPadding, (height - legendImage.Height) / 2f);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.ToArray());
    }

    /// <summary>A panel whose legend lists every entry of every panel, so its legend serves the whole figure (e.g. the
    /// reconstruction's: the (log10 FQ, MU) panel adds MU95's threshold to what the (FS, RS) panel shows); null when none
    /// does (e.g. one objective has fewer seeds, "mean of 2 seeds"), and each panel keeps its own.</summary>
    private static Plot? FullestLegend(IReadOnlyList<Plot> panels)
    {
        static HashSet<string> Entries(Plot p) =>
            p.GetPlottables().SelectMany(x => x.LegendItems).Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t)).ToHashSet();
        var entries = panels.Select(Entries).ToList();
        int fullest = entries.FindIndex(e => e.Count > 0 && entries.All(other => other.IsSubsetOf(e)));
        return fullest < 0 ? null : panels[fullest];
    }

    private static SKImage LegendImage(Plot plot)
    {
        FigureStyle.Plain(plot.Legend);
        using ScottPlot.Image legend = plot.GetLegendImage();
        return SKImage.FromEncodedData(legend.GetImageBytes(ImageFormat.Png, 100));
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
