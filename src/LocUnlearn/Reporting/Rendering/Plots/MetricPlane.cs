using LocUnlearn.Evaluation;
namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// A 2-D space a trajectory is drawn in: which two metrics of a <see cref="TradeOffPoint"/> go on the axes,
/// and how the axes are labelled. Both metrics of both planes are "higher is better", which the labels say,
/// so the ideal corner is always the upper right.
/// </summary>
public sealed record MetricPlane(
    string Key,
    string XLabel,
    string YLabel,
    Func<TradeOffPoint, double> X,
    Func<TradeOffPoint, double> Y)
{
    /// <summary>Extraction-strength scores (SPEC 9), the plane AUES is measured in.</summary>
    public static MetricPlane ForgetRetain { get; } = new(
        "fs_rs",
        "Forget score FS = 1 − ES(forget)   (higher is better →)",
        "Retain score RS = ES(retain)   (higher is better →)",
        p => p.ForgetScore,
        p => p.RetainScore);

    /// <summary>TOFU forget quality and model utility (SPEC 9), the plane MU95 is measured in.</summary>
    public static MetricPlane ForgetQualityUtility { get; } = new(
        "fq_mu",
        "log₁₀ forget quality (KS p-value vs θr)   (higher is better →)",
        "Model utility MU   (higher is better →)",
        p => p.Log10ForgetQuality,
        p => p.ModelUtility);
}
