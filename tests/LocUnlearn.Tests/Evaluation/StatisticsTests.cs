using LocUnlearn.Evaluation.Statistics;
using MathNet.Numerics;

namespace LocUnlearn.Tests.Evaluation;

public class StatisticsTests
{
    [Fact]
    public void SignFlipTestHandValues()
    {
        // ±1±2±3 = 6,4,2,0,0,-2,-4,-6: |sum| ≥ 6 in 2 of 8 patterns.
        Assert.Equal(0.25, PairedPermutationTest.TwoSidedPValue(new[] { 1.0, 2.0, 3.0 }), 14);
        Assert.Equal(2.0 / 32.0, PairedPermutationTest.TwoSidedPValue(new[] { 0.1, 0.2, 0.3, 0.4, 0.5 }), 14);
        Assert.Equal(1.0, PairedPermutationTest.TwoSidedPValue(new[] { 1.0, -1.0 }));
        // ±1±1±3 = 5, 3, 3, 1 and their negatives: |sum| ≥ 5 in 2 of 8 patterns.
        Assert.Equal(2.0 / 8.0, PairedPermutationTest.TwoSidedPValue(new[] { 1.0, 1.0, 3.0 }), 14);
        Assert.Equal(0.25, PairedPermutationTest.TwoSidedPValue(new[] { 4.0, 5.0, 6.0 }, new[] { 3.0, 3.0, 3.0 }), 14);
        Assert.Throws<ArgumentException>(() => PairedPermutationTest.TwoSidedPValue(new double[21]));
    }

    [Fact]
    public void SignFlipTiesSurviveRounding()
    {
        // Integers are exact in floating point; the same data divided by 10 is not, but the mathematical ties
        // (e.g. flipping both 0.3 and -0.3 leaves |sum| unchanged) must count the same.
        double exact = PairedPermutationTest.TwoSidedPValue(new[] { 3.0, 1.0, 2.0, -3.0 });
        Assert.Equal(exact, PairedPermutationTest.TwoSidedPValue(new[] { 0.3, 0.1, 0.2, -0.3 }), 14);
        Assert.Equal(exact, PairedPermutationTest.TwoSidedPValue(new[] { 0.1, 0.2, -0.3, 0.3 }), 14);
    }

    /// <summary>Student-t survival by Simpson integration of the density, independent of MathNet's CDF.</summary>
    private static double TwoSidedTPValue(double t, double df)
    {
        double logNorm = SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - 0.5 * Math.Log(df * Math.PI);
        double Density(double x) => Math.Exp(logNorm - (df + 1) / 2 * Math.Log(1 + x * x / df));
        const int steps = 20_000;
        double a = Math.Abs(t), h = a / steps, sum = Density(0) + Density(a);
        for (int i = 1; i < steps; i++) sum += (i % 2 == 1 ? 4 : 2) * Density(i * h);
        return 1.0 - 2.0 * sum * h / 3.0;
    }

    [Fact]
    public void WelchTwoDegreesOfFreedomClosedForm()
    {
        // Equal n = 2 and equal variances: df = 2(n-1) = 2, where the t CDF is 1/2 + t/(2√(2+t²)).
        var r = WelchTTest.TwoSided(new[] { 0.0, 2.0 }, new[] { 3.0, 5.0 });
        Assert.Equal(-3.0 / Math.Sqrt(2.0), r.T, 12);
        Assert.Equal(2.0, r.DegreesOfFreedom, 12);
        Assert.Equal(1.0 - Math.Abs(r.T) / Math.Sqrt(2 + r.T * r.T), r.PValue, 10);
    }

    [Fact]
    public void WelchMatchesFormulaAndIntegratedDensity()
    {
        double[] a = { 0.586, 0.601, 0.570, 0.592, 0.581 }, b = { 0.593, 0.640, 0.552, 0.610, 0.570, 0.620 };
        double ma = a.Average(), mb = b.Average();
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Length - 1) / a.Length;
        double vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Length - 1) / b.Length;
        double t = (ma - mb) / Math.Sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.Length - 1) + vb * vb / (b.Length - 1));
        var r = WelchTTest.TwoSided(a, b);
        Assert.Equal(t, r.T, 12);
        Assert.Equal(df, r.DegreesOfFreedom, 12);
        Assert.Equal(TwoSidedTPValue(t, df), r.PValue, 8);
    }

    [Fact]
    public void SummariesUseSampleStd()
    {
        var s = Summary.Of(new[] { 1.0, 2.0, 3.0, 4.0 });
        Assert.Equal(2.5, s.Mean);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.Std, 12);
        Assert.True(double.IsNaN(Summary.Of(new[] { 1.0 }).Std));
        var d = Summary.OfAbsoluteDifferences(new[] { 1.0, 5.0 }, new[] { 2.0, 3.0 });
        Assert.Equal(1.5, d.Mean);
        Assert.Equal(Math.Sqrt(0.5), d.Std, 12);
    }

    [Fact]
    public void BootstrapIsSeededAndPaired()
    {
        var rng = new Random(1);
        var armA = Enumerable.Range(0, 3).Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var armB = armA.Select(seed => (IReadOnlyList<double>)seed.Select(v => v - 0.1).ToArray()).ToArray();
        var first = PairedBootstrap.OfMeans(armA, armB, resamples: 500, rngSeed: 42);
        var second = PairedBootstrap.OfMeans(armA, armB, resamples: 500, rngSeed: 42);
        Assert.Equal(first, second);
        // Paired: the per-question difference is a constant 0.1, so every replicate is exactly 0.1.
        Assert.Equal(0.1, first.Observed, 12);
        Assert.Equal(0.1, first.CiLow, 12);
        Assert.Equal(0.1, first.CiHigh, 12);
        Assert.Equal(0.0, first.PValue);
        Assert.Equal(0.0, first.StandardError, 12);
    }

    [Fact]
    public void BootstrapOfNoisyZeroDifferenceIsNotSignificant()
    {
        var rng = new Random(5);
        var armA = Enumerable.Range(0, 5).Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, 100).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var armB = Enumerable.Range(0, 5).Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, 100).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var r = PairedBootstrap.OfMeans(armA, armB, resamples: 2000, rngSeed: 1);
        Assert.True(r.CiLow < r.Observed && r.Observed < r.CiHigh);
        Assert.InRange(r.PValue, 0.0, 1.0);
        // Standard error of a mean of 500 differences of U(0,1) draws: √(2/12/500) ≈ 0.018.
        Assert.InRange(r.StandardError, 0.012, 0.025);
    }

    [Fact]
    public void QuantileInterpolatesLinearly()
    {
        Assert.Equal(2.5, PairedBootstrap.Quantile(new[] { 1.0, 2.0, 3.0, 4.0 }, 0.5));
        Assert.Equal(1.3, PairedBootstrap.Quantile(new[] { 1.0, 2.0, 3.0, 4.0 }, 0.1), 12);
    }
}
