using LocUnlearn.Evaluation;
using LocUnlearn.Study;
using LocUnlearn.Jobs;
using System.Buffers.Binary;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Plots;

namespace LocUnlearn.Tests.Reporting;

public sealed class PlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly AnchorModels Anchors = new(
        new TradeOffPoint(0.1, 0.85, -14.5, 0.62),
        new TradeOffPoint(0.6, 0.83, 0, 0.61));

    private readonly string _dir = Directory.CreateTempSubdirectory("locunlearn-plots").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ForgetRetainFigureHasOnePanelPerObjective()
    {
        string path = Path.Combine(_dir, "fs_rs.png");
        TrajectoryFigures.SaveForgetRetain(path, Runs(["wga", "npo", "dpo", "rmu"], ["oracle", "random"], seeds: 2),
            new Dictionary<string, AnchorModels> { ["wga"] = Anchors });
        AssertPng(path, 2 * FigureStyle.PanelWidth, 2 * FigureStyle.PanelHeight);
    }

    [Fact]
    public void ForgetQualityUtilityFigureWithTwoObjectivesIsOneRow()
    {
        string path = Path.Combine(_dir, "fq_mu.png");
        TrajectoryFigures.SaveForgetQualityUtility(path, Runs(["wga", "npo"], ["oracle", "random"], seeds: 3));
        AssertPng(path, 2 * FigureStyle.PanelWidth, FigureStyle.PanelHeight);
    }

    [Fact]
    public void ReconstructionFigureShowsBothPlanes()
    {
        string path = Path.Combine(_dir, "reconstruction.png");
        TrajectoryFigures.SaveReconstruction(path,
            Runs(["reconstruction"], ["oracle", "random_a", "random_b", "random_c"], seeds: 1), Anchors);
        AssertPng(path, 2 * FigureStyle.PanelWidth, FigureStyle.PanelHeight);
    }

    [Fact]
    public void LayerDistributionFigure()
    {
        string path = Path.Combine(_dir, "layers.png");
        RegionLayerFigure.Save(path,
        [
            new RegionLayerCounts("v_tgt", [5, 7, 6, 4]),
            new RegionLayerCounts("v_rdm", [6, 5, 5, 6]),
            new RegionLayerCounts("some_new_localizer", [0, 2, 12, 8]),
        ]);
        AssertPng(path, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
    }

    [Fact]
    public void LayerProfileFigureForReconstructionResiduals()
    {
        string path = Path.Combine(_dir, "residuals.png");
        LayerProfileFigure.Save(path,
        [
            new LayerSeries("oracle", "Oracle", [0.01, 0.02, 0.01]),
            new LayerSeries("random_a", "Random A", [0.3, 0.4, 0.2]),
        ], "Final MLP-output residual per layer", "Mean squared residual");
        AssertPng(path, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
        Assert.Throws<ArgumentException>(() => LayerProfileFigure.Save(Path.Combine(_dir, "nan.png"),
            [new LayerSeries("oracle", "Oracle", [double.NaN])], "t", "y"));
    }

    [Fact]
    public void NonFiniteMetricIsReportedWithItsRunAndStep()
    {
        var run = new RunTrajectory("npo", Arm.Random, 4,
            [TestPoints.At(0, 0.1, 0.8, -12, 0.6), TestPoints.At(25, 0.5, 0.7, double.NegativeInfinity, 0.5)]);
        string path = Path.Combine(_dir, "bad.png");
        var error = Assert.Throws<ArgumentException>(() => TrajectoryFigures.SaveForgetQualityUtility(path, [run]));
        Assert.Contains("npo/random/seed 4 step 25", error.Message);
        Assert.False(File.Exists(path));
        // The same run is fine in the plane where all its values are finite.
        TrajectoryFigures.SaveForgetRetain(path, [run]);
        AssertPng(path, FigureStyle.PanelWidth, FigureStyle.PanelHeight);
    }

    [Fact]
    public void MeanTrajectoryAveragesOverTheStepsAllSeedsShare()
    {
        var a = new RunTrajectory("wga", Arm.Oracle, 1,
            [TestPoints.At(0, 0, 1, -10, 0.5), TestPoints.At(10, 0.2, 0.8, -8, 0.4), TestPoints.At(20, 0.4, 0.6, -6, 0.3)]);
        var b = new RunTrajectory("wga", Arm.Oracle, 2,
            [TestPoints.At(0, 0, 1, -10, 0.5), TestPoints.At(10, 0.4, 0.6, -6, 0.2)]);
        var mean = TrajectoryMean.Of([a, b]);
        Assert.Equal([0, 10], mean.Select(p => p.Step));
        Assert.Equal(0.3, mean[1].Point.ForgetScore, 12);
        Assert.Equal(0.7, mean[1].Point.RetainScore, 12);
        Assert.Equal(-7, mean[1].Point.Log10ForgetQuality, 12);
        Assert.Equal(0.3, mean[1].Point.ModelUtility, 12);
    }

    [Fact]
    public void HeadlineFigureHasAPanelPerMetricAndMarksThetaOOnlyValues()
    {
        string path = Path.Combine(_dir, "oracle_vs_random.png");
        ArmValues Arm(Arm arm, double[] values, bool thetaOOnly = false) =>
            new(arm, values.Select((v, seed) => new SeedValue(seed, v, thetaOOnly)).ToList());
        var aues = new PairedArmsPanel("AUES", "AUES", ObjectiveOrder.Study
            .Select(o => new PairedArms(o, Arm(LocUnlearn.Study.Arm.Oracle, [0.5, 0.6, 0.7]), Arm(LocUnlearn.Study.Arm.Random, [0.4, 0.5, 0.6])))
            .ToList());
        var mu95 = aues with
        {
            Title = "MU95",
            Objectives = aues.Objectives.Select(g => g.Objective == "dpo"
                ? g with { First = Arm(LocUnlearn.Study.Arm.Oracle, [-1.27, -1.27, -1.27], true), Second = Arm(LocUnlearn.Study.Arm.Random, [-1.27, -1.3, -1.2], true) }
                : g).ToList(),
        };
        PairedArmsFigure.Save(path, [aues, mu95]);
        AssertPng(path, 2 * FigureStyle.PanelWidth, FigureStyle.PanelHeight);
        Assert.Throws<ArgumentException>(() => PairedArmsFigure.Save(Path.Combine(_dir, "empty.png"), [aues with { Objectives = [] }]));
    }

    [Fact]
    public void ResidualFigureDrawsThetaOAsTheBaseline()
    {
        string path = Path.Combine(_dir, "residuals_baseline.png");
        LayerProfileFigure.Save(path,
            [new LayerSeries("oracle", "Oracle", [0.01, 0.02, 0.01]), new LayerSeries("random_a", "Random A", [0.3, 0.4, 0.2])],
            "Residual per layer", "Mean squared residual", new LayerSeries("theta_o", "θo", [0.5, 0.9, 0.4]));
        AssertPng(path, (int)(FigureStyle.PanelWidth * 1.4), FigureStyle.PanelHeight);
        Assert.Throws<ArgumentException>(() => LayerProfileFigure.Save(Path.Combine(_dir, "nan_baseline.png"),
            [new LayerSeries("oracle", "Oracle", [0.1])], "t", "y", new LayerSeries("theta_o", "θo", [double.NaN])));
    }

    [Fact]
    public void BandIsTheStandardDeviationOverSeedsAtEachSharedStep()
    {
        var a = new RunTrajectory("wga", Arm.Oracle, 1, [TestPoints.At(0, 0.1, 0.9, -10, 0.5), TestPoints.At(10, 0.3, 0.7, -8, 0.4)]);
        var b = new RunTrajectory("wga", Arm.Oracle, 2, [TestPoints.At(0, 0.1, 0.9, -10, 0.5), TestPoints.At(10, 0.5, 0.5, -6, 0.2)]);
        var band = TrajectoryMean.Band([a, b], MetricPlane.ForgetRetain);
        Assert.Equal(new BandPoint(0.1, 0.9, 0, 0), band[0]);
        // Two values 0.2 apart: sample std 0.2/√2.
        Assert.Equal(0.4, band[1].X, 12);
        Assert.Equal(0.6, band[1].Y, 12);
        Assert.Equal(0.2 / Math.Sqrt(2), band[1].SpreadX, 12);
        Assert.Equal(0.2 / Math.Sqrt(2), band[1].SpreadY, 12);
        Assert.True(double.IsNaN(TrajectoryMean.Band([a], MetricPlane.ForgetRetain)[1].SpreadX));
    }

    [Fact]
    public void BandShapesCoverEachCheckpointsSpreadAndVanishWithoutSpread()
    {
        var hulls = TrajectoryBand.Hulls([new BandPoint(0, 0, 0.1, 0.2), new BandPoint(1, 0, 0.1, 0.2), new BandPoint(1, 1, 0.3, 0)]);
        Assert.Equal(2, hulls.Count);
        var first = hulls[0];
        Assert.Equal(-0.1, first.Min(c => c.X), 9);
        Assert.Equal(1.1, first.Max(c => c.X), 9);
        Assert.Equal(0.2, first.Max(c => c.Y), 9);
        Assert.Equal(1.3, hulls[1].Max(c => c.X), 9);
        Assert.Empty(TrajectoryBand.Hulls([new BandPoint(0, 0, 0, 0), new BandPoint(1, 1, 0, 0)]));
        Assert.Empty(TrajectoryBand.Hulls([new BandPoint(0, 0, double.NaN, double.NaN)]));
    }

    [Fact]
    public void ConvexHullDropsInteriorAndCollinearPoints()
    {
        var hull = ConvexHull.Of([new(0, 0), new(1, 0), new(0.5, 0), new(1, 1), new(0, 1), new(0.4, 0.6)]);
        Assert.Equal([new ScottPlot.Coordinates(0, 0), new(1, 0), new(1, 1), new(0, 1)], hull);
    }

    private static void AssertPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes: an empty canvas?");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"));
    }

    private static List<RunTrajectory> Runs(string[] objectives, string[] regions, int seeds)
    {
        var rng = new Random(7);
        var runs = new List<RunTrajectory>();
        foreach (string objective in objectives)
        foreach (string region in regions)
        for (int seed = 1; seed <= seeds; seed++)
        {
            var points = Enumerable.Range(0, 6).Select(s =>
            {
                double t = s / 5.0;
                return TestPoints.At(s * 10, 0.1 + 0.7 * t, 0.85 - 0.4 * t * t + 0.01 * rng.NextDouble(),
                    -14 + 12 * t, 0.62 - 0.2 * t * t);
            }).ToList();
            runs.Add(new RunTrajectory(objective, Arm.Parse(region), seed, points));
        }

        return runs;
    }
}
