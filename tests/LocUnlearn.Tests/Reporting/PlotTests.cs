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
