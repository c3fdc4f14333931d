namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// Exact paired permutation (sign-flip) test over per-seed differences (SPEC 10, [default]): under H0 each
/// difference is equally likely to have either sign, so the two-sided p-value is the fraction of the 2^n sign
/// patterns whose |mean| is at least the observed |mean| (the observed pattern included, so p ≥ 2^-n·2).
/// </summary>
public static class PairedPermutationTest
{
    public const int MaxExactPairs = 20;

    /// <summary>Relative tolerance for "|mean| ≥ observed": sign patterns that tie mathematically must not be lost to
    /// a different summation order.</summary>
    private const double TieTolerance = 1e-12;

    public static double TwoSidedPValue(IReadOnlyList<double> differences)
    {
        int n = differences.Count;
        if (n == 0) throw new ArgumentException("no differences", nameof(differences));
        if (n > MaxExactPairs) throw new ArgumentException($"exact enumeration is limited to {MaxExactPairs} pairs, got {n}", nameof(differences));
        if (differences.Any(d => !double.IsFinite(d))) throw new ArgumentException("differences must be finite", nameof(differences));

        // Compare sums rather than means: same ordering, no division.
        double observed = Math.Abs(differences.Sum());
        double scale = differences.Sum(Math.Abs);
        double threshold = observed - TieTolerance * Math.Max(scale, 1e-300);
        long patterns = 1L << n, atLeast = 0;
        for (long mask = 0; mask < patterns; mask++)
        {
            double sum = 0.0;
            for (int i = 0; i < n; i++)
                sum += (mask >> i & 1) == 1 ? -differences[i] : differences[i];
            if (Math.Abs(sum) >= threshold) atLeast++;
        }
        return (double)atLeast / patterns;
    }

    public static double TwoSidedPValue(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired samples must have the same length");
        return TwoSidedPValue(a.Zip(b, (x, y) => x - y).ToArray());
    }
}
