using MathNet.Numerics.Distributions;

namespace LocUnlearn.Evaluation.Statistics;

/// <summary>A mean over seeds with its two-sided confidence interval; Low/High are NaN with one value (no spread to
/// estimate).</summary>
public sealed record ConfidenceInterval(double Mean, double Low, double High, int Count, double Confidence)
{
    public bool HasBounds => double.IsFinite(Low) && double.IsFinite(High);
}

/// <summary>
/// The Student t confidence interval of a mean: x̄ ± t_{(1+c)/2, n−1} · s/√n with the sample standard deviation
/// (ddof = 1), as scipy.stats.t.interval(c, n−1, loc=x̄, scale=s/√n). With 3 seeds t_{0.975, 2} = 4.30, so the
/// interval is wide on purpose: it is what 3 seeds can say about the mean.
/// </summary>
public static class MeanConfidenceInterval
{
    public static ConfidenceInterval StudentT(IReadOnlyList<double> values, double confidence = 0.95)
    {
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        var summary = Summary.Of(values);
        if (values.Count < 2)
            return new ConfidenceInterval(summary.Mean, double.NaN, double.NaN, values.Count, confidence);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0.0, 1.0, values.Count - 1, (1 + confidence) / 2);
        double halfWidth = t * summary.Std / Math.Sqrt(values.Count);
        return new ConfidenceInterval(summary.Mean, summary.Mean - halfWidth, summary.Mean + halfWidth, values.Count, confidence);
    }
}
