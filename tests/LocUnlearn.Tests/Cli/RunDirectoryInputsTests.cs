using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Cli;

/// <summary>unlearn and localize on a model inside a run directory need no --data: they read the run's data settings.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunDirectoryInputsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void UnlearnAndLocalizeFindTheRunsDataFromTheModelFolder()
    {
        var layout = new RunLayout(Path.Combine(folder.Path, "run"));
        Assert.Equal(0, CliHarness.Run("stage", "inject", "--preset", "tiny", "--out", layout.Root).ExitCode);
        string thetaO = RunLayout.ModelDir(layout.Inject(0)), thetaR = RunLayout.ModelDir(layout.Stage("retain"));
        string unlearned = Path.Combine(folder.Path, "dpo");
        string found = Path.Combine(folder.Path, "activations.json");

        var unlearn = CliHarness.Run("unlearn", "--model", thetaO, "--region", layout.RandomRegion(0), "--objective", "dpo",
            "--steps", "2", "--batch-size", "4", "--eval-every", "1", "--reference-model", thetaR, "--max-new-tokens", "4", "--out", unlearned);
        var localize = CliHarness.Run("localize", "--model", thetaO, "--method", "activations", "--target", layout.TargetRegion(0), "--out", found);
        string evaluated = Path.Combine(folder.Path, "eval.json");
        var eval = CliHarness.Run("eval", "--model", thetaO, "--reference-model", thetaR, "--out", evaluated);

        Assert.True(unlearn.ExitCode == 0, unlearn.Out + unlearn.Error);
        var result = RunStore.Read(unlearned)!;
        Assert.Equal([0, 1, 2], result.Trajectory.Select(p => p.Step));
        Assert.True(result.Trajectory.All(c => double.IsFinite(c.Point.Log10ForgetQuality)));
        Assert.Equal(RegionFile.Load(layout.RandomRegion(0)).Count, result.RegionSize);
        Assert.True(localize.ExitCode == 0, localize.Out + localize.Error);
        Assert.Equal(RegionFile.Load(layout.TargetRegion(0)).Count, RegionFile.Load(found).Count); // same p as V_tgt
        Assert.Contains("recall of V_tgt", localize.Out);
        // eval reads the run's data and evaluation settings (tiny: RS on 12 retain rows, 6 rows per utility split) and says so.
        Assert.True(eval.ExitCode == 0, eval.Out + eval.Error);
        Assert.Contains("evaluated with that run's data and settings", eval.Out);
        Assert.Contains("RS on the first 12 retain rows, 6 rows per utility split", eval.Out);
        Assert.Contains(" forget, 12 retain, ", eval.Out);
    }
}
