using MathNet.Numerics.Distributions;

namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// The paired t-test on per-seed differences d_i = a_i - b_i, two-sided (scipy.stats.ttest_rel): t = mean(d) / (sd(d)/√n),
/// df = n - 1. With no spread, t is ±∞ (p = 0) unless the mean is 0 too (NaN, as scipy); fewer than 2 pairs give NaN.
/// </summary>
public static class PairedTTest
{
    public static TTestResult TwoSided(IReadOnlyList<double> differences)
    {
        int n = differences.Count;
        if (n < 2)
            return new TTestResult(double.NaN, double.NaN, double.NaN);
        var s = Summary.Of(differences);
        double se = s.Std / Math.Sqrt(n);
        if (se == 0)
            return s.Mean == 0 ? new TTestResult(double.NaN, n - 1, double.NaN) : new TTestResult(Math.Sign(s.Mean) * double.PositiveInfinity, n - 1, 0);
        double t = s.Mean / se;
        return new TTestResult(t, n - 1, Math.Min(1.0, 2.0 * StudentT.CDF(0, 1, n - 1, -Math.Abs(t))));
    }
}
