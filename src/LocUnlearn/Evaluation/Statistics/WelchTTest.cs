using MathNet.Numerics.Distributions;

namespace LocUnlearn.Evaluation.Statistics;

public sealed record TTestResult(double T, double DegreesOfFreedom, double PValue);

/// <summary>
/// Welch's unequal-variance t-test, two-sided (scipy.stats.ttest_ind(equal_var=False)):
/// t = (mean_a - mean_b) / √(s_a²/n_a + s_b²/n_b) with sample variances (ddof = 1),
/// df by Welch–Satterthwaite, p = 2·P(T_df ≥ |t|).
/// </summary>
public static class WelchTTest
{
    public static TTestResult TwoSided(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("Welch's test needs at least 2 values per sample");
        var sa = Summary.Of(a);
        var sb = Summary.Of(b);
        double va = sa.Std * sa.Std / a.Count, vb = sb.Std * sb.Std / b.Count;
        double se2 = va + vb;
        if (se2 == 0) return new TTestResult(double.NaN, double.NaN, double.NaN); // scipy: nan for zero variance
        double t = (sa.Mean - sb.Mean) / Math.Sqrt(se2);
        double df = se2 * se2 / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double p = 2.0 * StudentT.CDF(0.0, 1.0, df, -Math.Abs(t));
        return new TTestResult(t, df, Math.Min(p, 1.0));
    }
}
