using LocUnlearn.Evaluation;
namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>An axis-aligned range of a plane, shared by every panel of a figure so panels compare at a glance.</summary>
public sealed record PlaneRange(double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>The smallest range holding every point, widened by <paramref name="margin"/> of its size on each side
    /// (and by a fixed amount where all values are equal, so a point is not drawn on the frame).</summary>
    public static PlaneRange Around(IReadOnlyCollection<(double X, double Y)> points, double margin = 0.06)
    {
        if (points.Count == 0)
            return new PlaneRange(0, 1, 0, 1);
        static (double Lo, double Hi) Pad(double lo, double hi, double margin)
        {
            double pad = hi > lo ? (hi - lo) * margin : Math.Max(Math.Abs(hi) * 0.1, 0.05);
            return (lo - pad, hi + pad);
        }
        var (x0, x1) = Pad(points.Min(p => p.X), points.Max(p => p.X), margin);
        var (y0, y1) = Pad(points.Min(p => p.Y), points.Max(p => p.Y), margin);
        return new PlaneRange(x0, x1, y0, y1);
    }
}

/// <summary>
/// A 2-D space a trajectory is drawn in: which two metrics of a <see cref="TradeOffPoint"/> go on the axes,
/// and how the axes are labelled. Both metrics of both planes are "higher is better", which the labels say,
/// so the ideal corner is always the upper right. (The y label is drawn rotated, so its "→" points up.)
/// </summary>
public sealed record MetricPlane(
    string Key,
    string XLabel,
    string YLabel,
    Func<TradeOffPoint, double> X,
    Func<TradeOffPoint, double> Y)
{
    /// <summary>The range every panel of this plane shows; null: the data's range, one for all panels of a figure.</summary>
    public PlaneRange? FixedRange { get; init; }

    /// <summary>A horizontal reference line computed from θo, with its legend text (MU95's threshold).</summary>
    public (Func<TradeOffPoint, double> Y, string Label)? StartThreshold { get; init; }

    /// <summary>Extraction-strength scores (SPEC 9), the plane AUES is measured in. Both are in [0, 1], the range shown.</summary>
    public static MetricPlane ForgetRetain { get; } = new(
        "fs_rs",
        "Forget score FS = 1 − ES(forget)   (higher = forgets more →)",
        "Retain score RS = ES(retain)   (higher = keeps more →)",
        p => p.ForgetScore,
        p => p.RetainScore)
    {
        FixedRange = new PlaneRange(-0.03, 1.03, -0.03, 1.03),
    };

    /// <summary>TOFU forget quality and model utility (SPEC 9), the plane MU95 is measured in: MU95 is the best log10 FQ
    /// among checkpoints at or above the line 0.95·MU(θo).</summary>
    public static MetricPlane ForgetQualityUtility { get; } = new(
        "fq_mu",
        "log₁₀ forget quality (KS p-value vs θr; higher = closer to θr →)",
        "Model utility MU   (higher = more ability kept →)",
        p => p.Log10ForgetQuality,
        p => p.ModelUtility)
    {
        StartThreshold = (p => 0.95 * p.ModelUtility, "0.95·MU(θo): MU95's threshold"),
    };
}
