using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Reporting;

namespace LocUnlearn.Tests.Reporting;

/// <summary>With few seeds the percentile bootstrap of a mean is narrower than the t interval behind the paired t p: the
/// report says so wherever it prints the bootstrap CI, and stops saying so once seeds are enough.</summary>
public class BootstrapCaveatTests
{
    [Fact]
    public void AtThreeSeedsTheBootstrapCiExcludesZeroWhereThePairedTDoesNot()
    {
        // The quick run's relearning WGA differences had this shape: all negative, spread wide.
        double[] d = [-0.10, -0.18, -0.33];
        var (low, high) = SeedBootstrap.MeanDifferenceCi(d, 10_000, 0);
        double mean = d.Average(), sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1));
        double tHalf = 4.302653 * sd / Math.Sqrt(d.Length); // t(0.975, 2)
        Assert.True(high < 0, $"bootstrap CI [{low}, {high}] should exclude 0");
        Assert.True(mean + tHalf > 0, "the t interval should include 0");
        Assert.Contains("narrower than the t interval", PairedComparison.BootstrapCaveat(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(30)]
    public void NoCaveatWithoutATestOrWithEnoughSeeds(int seeds) => Assert.Equal("", PairedComparison.BootstrapCaveat(seeds));
}
