using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Localization;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class LocalizeCommandTests : IDisposable
{
    private readonly TinyWorldModel world = new();

    public void Dispose() => world.Dispose();

    private string[] Args(string output, params string[] extra) =>
        ["localize", "--model", world.ModelDir, "--data", world.DataDir, "--method", "wagle", "--fraction", "0.25", "--out", output, .. extra];

    [Fact]
    public void WritesARegionOfTheRightSizeWithItsScoresAndTargetQuality()
    {
        string output = world.PathOf("wagle.json");

        var outcome = CliHarness.Run(Args(output, "--target", world.RegionPath));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        var region = RegionFile.Load(output, world.Shape);
        Assert.Equal(RegionSampler.CountFor(world.Shape, 0.25), region.Count);
        var scores = ValueVectorScores.Load(world.PathOf("wagle.scores.json"));
        Assert.True(scores.Top(0.25).SetEquals(region));
        Assert.Contains("recall of V_tgt", outcome.Out);
        Assert.Contains("precision of V_tgt", outcome.Out);
        Assert.Contains("layer", outcome.Out);
    }

    [Fact]
    public void ArgumentErrorsExitWith2AndNameTheProblem()
    {
        string output = world.PathOf("r.json");
        string otherShape = world.PathOf("other.json");
        RegionFile.Save(new Region(new RegionShape(world.Shape.Layers, world.Shape.IntermediateSize + 1), []), otherShape, "other");

        CliHarness.AssertUserError(CliHarness.Run(Args(output).Select(a => a == "wagle" ? "oracle" : a).ToArray()), "unknown localizer", "oracle");
        CliHarness.AssertUserError(CliHarness.Run(Args(output).Select(a => a == "0.25" ? "0" : a).ToArray()), "--fraction");
        CliHarness.AssertUserError(CliHarness.Run(Args(output).Select(a => a == "0.25" ? "1.5" : a).ToArray()), "--fraction");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--target", otherShape)), "other.json");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--target", world.PathOf("absent.json"))), "absent.json");
        CliHarness.AssertUserError(CliHarness.Run(Args(output)[..^2]), "--out");
        CliHarness.AssertUserError(CliHarness.Run(Args(output).Where((_, i) => i is not (3 or 4)).ToArray()), "--data");
        Assert.False(File.Exists(output));
    }
}
