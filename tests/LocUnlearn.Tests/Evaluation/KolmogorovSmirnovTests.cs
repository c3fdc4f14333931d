using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Tests.Evaluation;

public class KolmogorovSmirnovTests
{
    /// <summary>sup |F1 - F2| straight from the ECDF definition (right-continuous).</summary>
    private static double Statistic(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Concat(b).Max(x => Math.Abs(a.Count(v => v <= x) / (double)a.Count - b.Count(v => v <= x) / (double)b.Count));

    /// <summary>Exact two-sided p-value by brute force: all C(n1+n2, n1) splits of the pooled (distinct) sample are
    /// equally likely under H0; p = fraction whose statistic is ≥ the observed one.</summary>
    private static double BruteForcePValue(double[] a, double[] b)
    {
        var pooled = a.Concat(b).ToArray();
        double observed = Statistic(a, b);
        int n = pooled.Length, n1 = a.Length, atLeast = 0, total = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n1) continue;
            var first = new List<double>();
            var second = new List<double>();
            for (int i = 0; i < n; i++) ((mask >> i & 1) == 1 ? first : second).Add(pooled[i]);
            total++;
            if (Statistic(first, second) >= observed - 1e-12) atLeast++;
        }
        return (double)atLeast / total;
    }

    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(5, 5, 2)]
    [InlineData(6, 4, 3)]
    [InlineData(3, 7, 4)]
    [InlineData(6, 6, 5)]
    [InlineData(8, 5, 6)]
    public void ExactPValueMatchesEnumerationOfAllSplits(int n1, int n2, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 6; trial++)
        {
            // Distinct values; shifting the second sample varies the statistic across trials.
            var a = Enumerable.Range(0, n1).Select(_ => rng.NextDouble()).ToArray();
            var b = Enumerable.Range(0, n2).Select(_ => rng.NextDouble() + 0.15 * trial).ToArray();
            var result = KolmogorovSmirnov.TwoSample(a, b);
            Assert.Equal(KsMethod.Exact, result.Method);
            Assert.Equal(Statistic(a, b), result.Statistic, 12);
            Assert.Equal(BruteForcePValue(a, b), result.PValue, 12);
        }
    }

    [Fact]
    public void HardCodedValues()
    {
        // Complete separation: only the 2 extreme splits reach D = 1.
        var r = KolmogorovSmirnov.TwoSample(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 });
        Assert.Equal(1.0, r.Statistic);
        Assert.Equal(2.0 / 20.0, r.PValue, 14);
        Assert.Equal(2.0 / 252.0, KolmogorovSmirnov.TwoSample(new double[] { 1, 2, 3, 4, 5 }, new double[] { 6, 7, 8, 9, 10 }).PValue, 14);
        Assert.Equal(1.0, KolmogorovSmirnov.TwoSample(new double[] { 1, 2 }, new double[] { 1, 2 }).PValue);
    }

    [Fact]
    public void PerfectInterleavingIsExactlyOne()
    {
        // D = 1/n is reached by every split: p = 1 exactly, although the series rounds one ulp above 1 for n = 5.
        var r = KolmogorovSmirnov.TwoSample(new double[] { 1, 3, 5, 7, 9 }, new double[] { 2, 4, 6, 8, 10 });
        Assert.Equal(KsMethod.Exact, r.Method);
        Assert.Equal(1.0, r.PValue);
    }

    [Fact]
    public void StatisticUsesRightContinuousEcdfWithTies()
    {
        var r = KolmogorovSmirnov.TwoSample(new double[] { 1, 1, 2 }, new double[] { 1, 2, 2 });
        Assert.Equal(1.0 / 3.0, r.Statistic, 14);
    }

    [Fact]
    public void SquareSeriesAgreesWithPathMassForEqualSizes()
    {
        for (int n = 1; n <= 30; n++)
            for (long h = 1; h <= n; h++)
                Assert.Equal(KolmogorovSmirnov.ProbabilityOutsideByPathMass(n, n, h), KolmogorovSmirnov.ProbabilityOutsideSquare(n, h), 12);
    }

    [Fact]
    public void LargeEqualSamplesStayExactAndTinyPValuesArePositive()
    {
        var a = Enumerable.Range(0, 400).Select(i => (double)i).ToArray();
        var b = a.Select(v => v + 1000).ToArray();
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.Equal(KsMethod.Exact, r.Method);
        // 2 / C(800, 400): log10 C(800,400) ≈ 239.3.
        double log10Binomial = Enumerable.Range(1, 400).Sum(k => Math.Log10(400.0 + k) - Math.Log10(k));
        Assert.Equal(Math.Log10(2) - log10Binomial, Math.Log10(r.PValue), 8);
    }

    [Fact]
    public void AboveTheExactLimitItIsAsymptotic()
    {
        var a = Enumerable.Range(0, 10_001).Select(i => i / 10_001.0).ToArray();
        var b = Enumerable.Range(0, 500).Select(i => i / 500.0 + 0.2).ToArray();
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.Equal(KsMethod.Asymptotic, r.Method);
        Assert.InRange(r.PValue, 0.0, 1e-6);
    }

    /// <summary>The Kolmogorov limit's two series forms must agree (they are the same function, Jacobi theta identity).</summary>
    [Theory]
    [InlineData(0.4)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    public void LimitingSfSmallArgumentMatchesAlternatingSeries(double z)
    {
        double alternating = 0;
        for (int k = 1; k <= 400; k++) alternating += (k % 2 == 1 ? 2 : -2) * Math.Exp(-2.0 * k * k * z * z);
        Assert.Equal(alternating, KolmogorovDistribution.LimitingSf(z), 10);
    }

    [Fact]
    public void LimitingSfKnownCriticalValues()
    {
        Assert.Equal(0.05, KolmogorovDistribution.LimitingSf(1.3581), 4);
        Assert.Equal(0.01, KolmogorovDistribution.LimitingSf(1.6276), 4);
    }

    [Fact]
    public void SmirnovSfMatchesClosedFormsAndLimit()
    {
        // n = 1: D+ = 1 - U, so P(D+ ≥ x) = 1 - x.
        Assert.Equal(0.7, KolmogorovDistribution.SmirnovSf(1, 0.3), 12);
        // Large n: P(√n D+ ≥ z) → exp(-2z²); at finite n it is smaller, ≈ exp(-2z² - 2z/(3√n)) (here a factor ≈ 0.990).
        double sf = KolmogorovDistribution.SmirnovSf(10_000, 1.5 / 100.0);
        Assert.InRange(sf / Math.Exp(-4.5), 0.975, 0.999);
    }

    [Fact]
    public void AsymptoticAgreesWithExactInOrderOfMagnitudeForLargeSamples()
    {
        // Same statistic through both routes: the two-sample exact law vs kstwo at n1·n2/(n1+n2).
        const int n = 3000;
        foreach (long h in new long[] { 150, 240 })
        {
            double exact = KolmogorovSmirnov.ExactPValue(n, n, h);
            double asymptotic = KolmogorovSmirnov.AsymptoticPValue(n, n, (double)h / n);
            Assert.InRange(Math.Log10(asymptotic) - Math.Log10(exact), -0.15, 0.15);
        }
    }
}
