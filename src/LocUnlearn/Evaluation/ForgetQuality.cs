using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Evaluation;

/// <summary>
/// TOFU forget quality (SPEC 9): the p-value of the two-sample KS test between the evaluated model's per-item
/// forget truth ratios and the retain model θr's (OpenUnlearning `ks_test` on `forget_truth_ratio` value_by_index).
/// Pass the raw per-item R of <see cref="TruthRatio.Compute"/> for both models; any strictly monotone transform
/// applied to both (TOFU's 1/R, log R) gives the same statistic and p-value.
/// </summary>
public static class ForgetQuality
{
    /// <summary>
    /// Floor applied before log10: the smallest positive double (4.9e-324), so log10 FQ ≥ -323.3. The exact test
    /// underflows to p = 0 only for extreme separations of large samples (e.g. D = 1 with n = 1000 per side);
    /// a finite floor keeps means over seeds finite and is below any value a real p-value can take as a double.
    /// </summary>
    public const double PValueFloor = double.Epsilon;

    public static KsResult Compute(IReadOnlyList<double> modelForgetTruthRatios, IReadOnlyList<double> retainModelForgetTruthRatios) =>
        KolmogorovSmirnov.TwoSample(modelForgetTruthRatios, retainModelForgetTruthRatios);

    /// <summary>log10 of a p-value, clamped at <see cref="PValueFloor"/>.</summary>
    public static double Log10(double pValue)
    {
        if (double.IsNaN(pValue) || pValue < 0 || pValue > 1) throw new ArgumentOutOfRangeException(nameof(pValue), pValue, "p-value must be in [0, 1]");
        // The exact KS series sums many terms: a p-value one rounding step below 1 (θr against a near-identical
        // model) would print as -1e-16. Within 1e-12 of 1 it is 1.
        if (pValue > 1 - 1e-12) return 0;
        return Math.Log10(Math.Max(pValue, PValueFloor));
    }
}
