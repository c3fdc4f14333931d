using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Tests.Evaluation;

public sealed class MeanConfidenceIntervalTests
{
    [Fact]
    public void StudentTIntervalOfThreeSeedsMatchesTheHandWorkedValue()
    {
        // 1, 2, 6: mean 3, s² = (4 + 1 + 9) / 2 = 7, s/√n = √(7/3) = 1.527525; t_{0.975, 2} = 4.302653 (t table),
        // half width 6.572411.
        var ci = MeanConfidenceInterval.StudentT([1.0, 2.0, 6.0]);
        Assert.Equal(3.0, ci.Mean, 12);
        Assert.Equal(3.0 - 6.572411, ci.Low, 4);
        Assert.Equal(3.0 + 6.572411, ci.High, 4);
        Assert.Equal(3, ci.Count);
    }

    [Fact]
    public void StudentTIntervalOfFourValuesAtNinetyPercent()
    {
        // 1, 2, 3, 4: mean 2.5, s = 1.290994, s/√n = 0.645497; t_{0.95, 3} = 2.353363, half width 1.519089.
        var ci = MeanConfidenceInterval.StudentT([1.0, 2.0, 3.0, 4.0], confidence: 0.90);
        Assert.Equal(2.5 - 1.519089, ci.Low, 4);
        Assert.Equal(2.5 + 1.519089, ci.High, 4);
    }

    [Fact]
    public void OneValueHasAMeanButNoInterval()
    {
        var ci = MeanConfidenceInterval.StudentT([0.4]);
        Assert.Equal(0.4, ci.Mean);
        Assert.False(ci.HasBounds);
        Assert.Throws<ArgumentException>(() => MeanConfidenceInterval.StudentT([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanConfidenceInterval.StudentT([1.0, 2.0], confidence: 1));
    }

    [Fact]
    public void NoSpreadGivesAZeroWidthInterval()
    {
        var ci = MeanConfidenceInterval.StudentT([-1.27, -1.27, -1.27]);
        Assert.Equal(-1.27, ci.Low, 12);
        Assert.Equal(-1.27, ci.High, 12);
    }
}
