using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Tests.Evaluation;

/// <summary>Power of the paired t-test against scipy's noncentral t (scripts/reference/statistics_reference.py).</summary>
public sealed class PairedTPowerTests
{
    [Theory]
    [InlineData(3, 0.1, 0.05, 0.4707494312554774)]
    [InlineData(5, 0.02, 0.03, 0.211334489546039)]
    [InlineData(10, 0.5, 1.0, 0.29317560653004143)]
    public void PowerMatchesScipy(int n, double delta, double sd, double expected) =>
        Assert.Equal(expected, PairedTPower.Power(n, delta, sd), 3);

    [Theory]
    [InlineData(3, 0.05, 0.16320217749070992)]
    [InlineData(5, 0.03, 0.05045990897867527)]
    public void MinimumDetectableDifferenceMatchesScipy(int n, double sd, double expected) =>
        Assert.Equal(expected, PairedTPower.MinimumDetectable(n, sd), 3);

    [Fact]
    public void HandWorkedLimits()
    {
        // With no effect the test rejects at its level; a huge effect is always found; power grows with seeds.
        Assert.Equal(0.05, PairedTPower.Power(5, 0, 1), 3);
        Assert.True(PairedTPower.Power(5, 100, 1) > 0.999);
        Assert.True(PairedTPower.Power(10, 0.5, 1) > PairedTPower.Power(5, 0.5, 1));
        // A one-sample t with n seeds detects δ = σ at 80% power from n = 10 (scipy: 9 gives 0.75, 10 gives 0.80).
        Assert.Equal(10, PairedTPower.SeedsNeeded(1.0, 1.0));
        Assert.True(double.IsNaN(PairedTPower.MinimumDetectable(1, 1)));
        Assert.Equal(0, PairedTPower.MinimumDetectable(5, 0));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.3, 1.0)]
    [InlineData(0.05, 0.03)]
    [InlineData(2.0, 0.5)]
    public void SeedsNeededIsTheFirstSeedCountWhosePowerReachesEightyPercent(double delta, double sd)
    {
        // The slow reference: every n from 2 up, as the search replaced.
        int expected = Enumerable.Range(2, 200).First(n => PairedTPower.Power(n, delta, sd) >= PairedTPower.TargetPower);
        Assert.Equal(expected, PairedTPower.SeedsNeeded(delta, sd));
        Assert.Null(PairedTPower.SeedsNeeded(delta, sd, maxSeeds: expected - 1));
        Assert.Equal(expected, PairedTPower.SeedsNeeded(delta, sd, maxSeeds: expected));
    }
}
