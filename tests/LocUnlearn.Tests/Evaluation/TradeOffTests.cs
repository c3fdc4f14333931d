using LocUnlearn.Evaluation;

namespace LocUnlearn.Tests.Evaluation;

public class TradeOffTests
{
    private static TradeOffPoint P(double fs, double rs, double lfq = 0, double mu = 0) => new(fs, rs, lfq, mu);

    [Fact]
    public void AuesHandValues()
    {
        Assert.Equal(1.0, Aues.Compute(new[] { P(1, 1) }));
        Assert.Equal(0.3 * 0.6, Aues.Compute(new[] { P(0.3, 0.6) }), 12);
        // Staircase: 0.9·0.1 + 0.5·(0.5-0.1) + 0.2·(0.9-0.5) = 0.37; the dominated (0.1, 0.1) adds nothing.
        Assert.Equal(0.37, Aues.Compute(new[] { P(0.5, 0.5), P(0.2, 0.9), P(0.1, 0.1), P(0.9, 0.1) }), 12);
        Assert.Equal(0.0, Aues.Compute(Array.Empty<TradeOffPoint>()));
    }

    [Fact]
    public void AuesClampsToUnitSquare()
    {
        Assert.Equal(1.0, Aues.Compute(new[] { P(1.5, 1.2) }));
        Assert.Equal(0.0, Aues.Compute(new[] { P(1.2, -0.1) }));
        Assert.Equal(0.5, Aues.Compute(new[] { P(-0.2, 2.0), P(0.5, 1.0) }), 12);
    }

    [Fact]
    public void AuesMatchesGridCountingOnRandomPoints()
    {
        var rng = new Random(3);
        var points = Enumerable.Range(0, 8).Select(_ => P(rng.NextDouble(), rng.NextDouble())).ToArray();
        const int grid = 1000;
        int dominated = 0;
        for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++)
            {
                double x = (i + 0.5) / grid, y = (j + 0.5) / grid;
                if (points.Any(p => x <= p.ForgetScore && y <= p.RetainScore)) dominated++;
            }
        Assert.Equal(dominated / (double)(grid * grid), Aues.Compute(points), 2);
    }

    [Fact]
    public void Mu95TakesBestForgetQualityAmongPointsKeepingUtility()
    {
        var points = new[] { P(0, 0, -5, 0.6), P(0, 0, -3, 0.58), P(0, 0, -1, 0.5), P(0, 0, -2, 0.571) };
        var r = Mu95.Compute(points); // threshold 0.57
        Assert.True(r.Qualified);
        Assert.Equal(-2, r.Log10ForgetQuality);
        Assert.Equal(3, r.PointIndex);
        Assert.Equal(0.57, r.UtilityThreshold, 12);
    }

    [Fact]
    public void Mu95ReportsWhenNoPointQualifies()
    {
        var r = Mu95.Compute(new[] { P(0, 0, -5, 0.3), P(0, 0, -1, 0.2) }, originalUtility: 0.6);
        Assert.False(r.Qualified);
        Assert.Null(r.Log10ForgetQuality);
        Assert.Null(r.PointIndex);
    }

    [Fact]
    public void ModelUtilityIsHarmonicMeanOfNine()
    {
        var half = new UtilityComponents(0.5, 0.5, 0.5);
        Assert.Equal(0.5, ModelUtility.Compute(half, half, half), 12);
        var ones = new UtilityComponents(1, 1, 1);
        Assert.Equal(9.0 / 10.0, ModelUtility.Compute(ones, ones, new UtilityComponents(1, 1, 0.5)), 12);
        Assert.Equal(9.0 / (3 / 0.2 + 3 / 0.4 + 3 / 0.8), ModelUtility.Compute(new(0.2, 0.2, 0.2), new(0.4, 0.4, 0.4), new(0.8, 0.8, 0.8)), 12);
        Assert.Equal(0.0, ModelUtility.Compute(ones, new UtilityComponents(1, 0, 1), ones));
    }

    [Fact]
    public void BisectionFindsUtilityTarget()
    {
        var r = ModelMixing.BisectAlpha(a => 1 - a, 0.3, tolerance: 1e-6, maxEvaluations: 60);
        Assert.True(r.Reached);
        Assert.Equal(0.7, r.Alpha, 5);
        Assert.True(r.Utility >= 0.3);
    }

    [Fact]
    public void BisectionEdgeCases()
    {
        var all = ModelMixing.BisectAlpha(_ => 0.9, 0.5);
        Assert.Equal(1.0, all.Alpha);
        Assert.True(all.Reached);
        var none = ModelMixing.BisectAlpha(a => 0.4 - a, 0.5);
        Assert.Equal(0.0, none.Alpha);
        Assert.False(none.Reached);
    }

    [Fact]
    public void AlphaGridHasEndpoints()
    {
        Assert.Equal(new[] { 0.0, 0.25, 0.5, 0.75, 1.0 }, ModelMixing.AlphaGrid(5));
    }
}
