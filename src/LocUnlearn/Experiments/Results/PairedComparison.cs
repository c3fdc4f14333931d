using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Experiments.Runs;

namespace LocUnlearn.Experiments.Results;

/// <summary>
/// Oracle vs Random (or a localizer vs Random) on one metric over seeds (SPEC 9-10): per-arm mean ± std, mean ± std
/// of per-seed |Δ|, the exact paired permutation (sign-flip) test and Welch's t-test. Seeds where either run failed
/// are left out of the pairing.
/// </summary>
public sealed record PairedComparison(IReadOnlyList<long> Seeds, IReadOnlyList<double> A, IReadOnlyList<double> B,
    MeanStd MeanA, MeanStd MeanB, MeanStd AbsDelta, double PPermutation, double PWelch)
{
    public const string TestName = "exact paired permutation (sign-flip) test over seeds; Welch's t-test as second column";

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
