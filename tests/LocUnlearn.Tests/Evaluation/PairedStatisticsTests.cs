using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Tests.Evaluation;

/// <summary>The paired tests of SPEC 10 against scipy (scripts/reference/statistics_reference.py prints every value here).</summary>
public sealed class PairedStatisticsTests
{
    private static readonly double[] A = [0.82, 0.79, 0.85, 0.80, 0.77];
    private static readonly double[] B = [0.78, 0.80, 0.79, 0.74, 0.76];
    private static double[] D => A.Zip(B, (a, b) => a - b).ToArray();

    [Fact]
    public void PairedTMatchesScipyTtestRel()
    {
        var r = PairedTTest.TwoSided(D);
        Assert.Equal(2.2974661075767613, r.T, 10);
        Assert.Equal(4, r.DegreesOfFreedom);
        Assert.Equal(0.08317058534153127, r.PValue, 10);
        Assert.Equal(0.7779422041578363, PairedTTest.TwoSided([-1.2, 0.3, 0.4]).PValue, 10);
    }

    [Fact]
    public void PairedTEdgeCases()
    {
        Assert.True(double.IsNaN(PairedTTest.TwoSided([0.1]).PValue));
        Assert.True(PairedTTest.TwoSided([0.2, 0.2, 0.2]).PValue < 1e-12); // no spread, nonzero mean
        Assert.True(double.IsNaN(PairedTTest.TwoSided([0.0, 0.0]).PValue));
    }

    [Fact]
    public void TostIsTheLargerOfTwoOneSidedTests()
    {
        Assert.Equal(0.13292364303768978, PairedTost.PValue(D, 0.05), 10);
        Assert.Equal(0.004074089031083139, PairedTost.PValue(D, 0.1), 10);
        Assert.Equal(0.1243043188885698, PairedTost.PValue([-1.2, 0.3, 0.4], 1.0), 10);
        // A wider margin can only make equivalence easier to show.
        Assert.True(PairedTost.PValue(D, 0.2) < PairedTost.PValue(D, 0.1));
        Assert.Equal(0, PairedTost.PValue([0.01, 0.01], 0.05));
        Assert.Equal(1, PairedTost.PValue([0.2, 0.2], 0.05));
        Assert.True(double.IsNaN(PairedTost.PValue([0.01], 0.05)));
    }

    [Fact]
    public void SeedBootstrapCiBracketsTheMeanWithinTheObservedRangeAndIsReproducible()
    {
        var d = D;
        var (low, high) = SeedBootstrap.MeanDifferenceCi(d, 5000, seed: 3);
        Assert.True(low <= d.Average() && d.Average() <= high);
        Assert.True(low >= d.Min() && high <= d.Max());
        Assert.Equal((low, high), SeedBootstrap.MeanDifferenceCi(d, 5000, seed: 3));
        var (same, also) = SeedBootstrap.MeanDifferenceCi([0.2, 0.2, 0.2]);
        Assert.Equal(0.2, same, 12);
        Assert.Equal(0.2, also, 12);
    }
}
