using MathNet.Numerics.Distributions;

namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// Paired two one-sided tests (TOST, Schuirmann 1987) for equivalence within ±margin (SPEC 10): H0 is |μ_d| ≥ margin.
/// p = max(P(T ≥ (mean + margin)/se), P(T ≤ (mean - margin)/se)) with T ~ t(n - 1); p &lt; α supports "the arms differ
/// by less than the margin". With no spread the answer is exact: 0 when |mean| &lt; margin, else 1. NaN below 2 pairs.
/// </summary>
public static class PairedTost
{
    public static double PValue(IReadOnlyList<double> differences, double margin)
    {
        if (!(margin > 0)) throw new ArgumentOutOfRangeException(nameof(margin), "the equivalence margin must be positive");
        int n = differences.Count;
        if (n < 2)
            return double.NaN;
        var s = Summary.Of(differences);
        double se = s.Std / Math.Sqrt(n);
        if (se == 0)
            return Math.Abs(s.Mean) < margin ? 0 : 1;
        double lower = 1 - StudentT.CDF(0, 1, n - 1, (s.Mean + margin) / se); // H01: μ ≤ -margin
        double upper = StudentT.CDF(0, 1, n - 1, (s.Mean - margin) / se);     // H02: μ ≥ +margin
        return Math.Max(lower, upper);
    }
}
