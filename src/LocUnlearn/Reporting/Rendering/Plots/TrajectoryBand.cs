using ScottPlot;
using SkiaSharp;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>One checkpoint of a mean trajectory with the spread of the seeds around it (±1 sample std in each axis).</summary>
public sealed record BandPoint(double X, double Y, double SpreadX, double SpreadY);

/// <summary>
/// The spread of the seeds around a mean trajectory in a 2-D plane: at each checkpoint an ellipse with semi-axes of one
/// standard deviation over seeds in x and in y, swept from one checkpoint to the next (the convex hull of each
/// neighbouring pair of ellipses). All hulls are filled as one path, so where they overlap the tint does not darken and
/// the band reads as one shape; it replaces per-seed lines, which with several regions per panel became unreadable.
/// </summary>
internal sealed class TrajectoryBand(IReadOnlyList<BandPoint> points, Color fill) : IPlottable
{
    private const int EllipseVertices = 48;
    private readonly IReadOnlyList<Coordinates[]> hulls = Hulls(points);

    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new ScottPlot.Axes();
    public IEnumerable<LegendItem> LegendItems => [];

    /// <summary>The shapes filled: one convex polygon per pair of neighbouring checkpoints (one for a single checkpoint),
    /// counter-clockwise; none when the seeds do not spread.</summary>
    public static IReadOnlyList<Coordinates[]> Hulls(IReadOnlyList<BandPoint> points)
    {
        if (points.Any(p => !double.IsFinite(p.SpreadX) || !double.IsFinite(p.SpreadY)) || points.All(p => p.SpreadX == 0 && p.SpreadY == 0))
            return [];
        if (points.Count == 1)
            return [ConvexHull.Of(Ellipse(points[0]))];
        return points.Zip(points.Skip(1), (a, b) => ConvexHull.Of([.. Ellipse(a), .. Ellipse(b)])).Where(h => h.Length >= 3).ToList();
    }

    public AxisLimits GetAxisLimits()
    {
        var all = hulls.SelectMany(h => h).ToList();
        return all.Count == 0
            ? AxisLimits.NoLimits
            : new AxisLimits(all.Min(c => c.X), all.Max(c => c.X), all.Min(c => c.Y), all.Max(c => c.Y));
    }

    public void Render(RenderPack rp)
    {
        if (hulls.Count == 0)
            return;
        using var path = new SKPath { FillType = SKPathFillType.Winding };
        foreach (Coordinates[] hull in hulls)
        {
            var pixels = hull.Select(c => Axes.GetPixel(c)).ToList();
            path.MoveTo(pixels[0].X, pixels[0].Y);
            foreach (Pixel p in pixels.Skip(1))
                path.LineTo(p.X, p.Y);
            path.Close();
        }
        using var paint = new SKPaint { Color = fill.ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = true };
        rp.Canvas.DrawPath(path, paint);
    }

    private static IEnumerable<Coordinates> Ellipse(BandPoint p) =>
        Enumerable.Range(0, EllipseVertices).Select(i =>
        {
            double angle = 2 * Math.PI * i / EllipseVertices;
            return new Coordinates(p.X + p.SpreadX * Math.Cos(angle), p.Y + p.SpreadY * Math.Sin(angle));
        });
}
