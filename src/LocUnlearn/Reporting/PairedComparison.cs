using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>
/// Oracle vs Random (or a localizer vs Random) on one metric over seeds (SPEC 9-10): per-arm mean ± std, mean ± std
/// of per-seed |Δ|, the exact paired permutation (sign-flip) test and Welch's t-test. Seeds where either run failed
/// are left out of the pairing.
/// </summary>
public sealed record PairedComparison(IReadOnlyList<long> Seeds, IReadOnlyList<double> A, IReadOnlyList<double> B,
    MeanStd MeanA, MeanStd MeanB, MeanStd AbsDelta, double PPermutation, double PWelch)
{
    /// <summary>The paired test behind every p-value we call significant (two-sided, all 2^n sign patterns enumerated).</summary>
    public const string PermutationTest = "exact paired sign-flip permutation";
    /// <summary>The second test: Welch's unequal-variance two-sample t-test (two-sided), which can go below 2/2^n.</summary>
    public const string WelchTest = "Welch t";
    public const string TestName = "exact paired sign-flip permutation test over seeds (two-sided); Welch's t-test (two-sided) as second column";

    /// <summary>
    /// The smallest two-sided p the exact sign-flip test can give with <paramref name="pairs"/> pairs: 2/2^n (the
    /// observed sign pattern and its mirror). With 5 or fewer pairs it is above 0.05, so "not significant" says nothing.
    /// </summary>
    public static double SmallestExactP(int pairs) => Math.Min(1.0, 2.0 / Math.Pow(2, pairs));

    public static PairedComparison? Of(IReadOnlyList<RunResult> a, IReadOnlyList<RunResult> b, Func<RunResult, double?> metric)
    {
        var pairs = a.Where(r => r.Ok)
            .Join(b.Where(r => r.Ok), r => r.Seed, r => r.Seed, (x, y) => (x.Seed, A: metric(x), B: metric(y)))
            .Where(p => p.A is double && p.B is double)
            .OrderBy(p => p.Seed)
            .ToList();
        if (pairs.Count == 0) return null;
        var va = pairs.Select(p => p.A!.Value).ToList();
        var vb = pairs.Select(p => p.B!.Value).ToList();
        double pPerm = PairedPermutationTest.TwoSidedPValue(va, vb);
        double pWelch = pairs.Count >= 2 ? WelchTTest.TwoSided(va, vb).PValue : double.NaN;
        return new PairedComparison(pairs.Select(p => p.Seed).ToList(), va, vb, Summary.Of(va), Summary.Of(vb),
            Summary.OfAbsoluteDifferences(va, vb), pPerm, pWelch);
    }
}
