using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Units;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class UnlearnCommandTests : IDisposable
{
    private readonly TinyWorldModel world = new();

    public void Dispose() => world.Dispose();

    // Small evaluation so the run takes seconds: few retain/utility rows, short greedy answers.
    private string[] Args(string output, string objective = "npo", string? region = null, params string[] extra) =>
    [
        "unlearn", "--model", world.ModelDir, "--data", world.DataDir, "--region", region ?? world.RegionPath, "--objective", objective,
        "--steps", "4", "--batch-size", "4", "--eval-every", "2", "--retain-items", "8", "--utility-items", "4",
        "--max-new-tokens", "4", "--out", output, .. extra,
    ];

    private static string[] Replace(string[] args, string option, string value) =>
        args.Select((a, i) => i > 0 && args[i - 1] == option ? value : a).ToArray();

    [Fact]
    public void RunsEndToEndAndWritesTrajectoryResultAndModel()
    {
        string output = world.PathOf("npo-run");

        var outcome = CliHarness.Run(Args(output, extra: ["--set", "beta=0.2", "--set", "retain.alpha=0.5"]));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains("FQ", outcome.Out); // says forget quality is skipped without θr
        Assert.Contains("skipped", outcome.Out);
        var result = RunStore.Read(output);
        Assert.NotNull(result);
        Assert.True(result.Ok);
        Assert.Equal([0, 2, 4], result.Trajectory.Select(p => p.Step));
        Assert.True(result.Trajectory.All(c => double.IsNaN(c.Point.Log10ForgetQuality) && double.IsFinite(c.Point.ForgetScore)));
        Assert.NotNull(result.Aues);
        Assert.Null(result.Mu95);
        Assert.True(result.Invariant!.Holds);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, RunStore.TrajectoryFile)).Length);
        Assert.True(File.Exists(Path.Combine(output, "model", "config.json")));
        Assert.True(File.Exists(Path.Combine(output, "model", "model.safetensors")));
    }

    [Fact]
    public void AnInterruptedWritersTemporaryDoesNotMakeTheOutputForeign()
    {
        string output = world.PathOf("interrupted");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, $"{RunStore.ResultFile}.4242.tmp"), "{");

        var outcome = CliHarness.Run(Args(output));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.True(RunStore.Read(output)!.Ok);
    }

    [Fact]
    public void WithAReferenceModelComputesForgetQualityAndMu95()
    {
        string output = world.PathOf("ga-full");

        var outcome = CliHarness.Run(Args(output, "gd", "full", "--reference-model", world.ModelDir));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        var result = RunStore.Read(output)!;
        Assert.Equal(LocUnlearn.Study.Arm.Full, result.Region);
        Assert.True(double.IsFinite(result.Trajectory[0].Point.Log10ForgetQuality));
        Assert.NotNull(result.Mu95);
        Assert.Null(result.Invariant); // a full-parameter run has no region to check
    }

    [Fact]
    public void UnknownSettingKeyListsTheValidOnes()
    {
        var outcome = CliHarness.Run(Args(world.PathOf("x"), extra: ["--set", "gamma=1"]));

        CliHarness.AssertUserError(outcome, "gamma", "valid keys", "beta", "retain.alpha", "retain.kind");
        Assert.DoesNotContain("is_active", outcome.Error); // derived, not settable
    }

    [Theory]
    [InlineData("npo", "beta=-1", "npo.beta")]
    [InlineData("npo", "beta=high", "beta")]
    [InlineData("npo", "beta", "key=value")]
    [InlineData("ga", "beta=1", "no settings")]
    [InlineData("rmu", "beta=1", "layer")]
    public void BadSettingsAreUserErrors(string objective, string assignment, string expected)
    {
        CliHarness.AssertUserError(CliHarness.Run(Args(world.PathOf("x"), objective, null, "--set", assignment)), expected);
    }

    [Fact]
    public void ArgumentErrorsExitWith2AndNameTheProblem()
    {
        var args = Args(world.PathOf("x"));
        string otherShape = world.PathOf("other.json");
        RegionFile.Save(new Region(new RegionShape(world.Shape.Layers + 1, world.Shape.IntermediateSize), []), otherShape, "other");

        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--objective", "xyz")), "unknown objective", "xyz");
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--region", world.PathOf("absent.json"))), "absent.json");
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--region", otherShape)), "other.json", "this model");
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--steps", "four")), "four", "--steps");
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--steps", "-1")), "steps must be >= 0");
        CliHarness.AssertUserError(CliHarness.Run([.. args, "--lr", "0"]), "learning_rate must be positive");
        CliHarness.AssertUserError(CliHarness.Run(args[..^2]), "--out");
        CliHarness.AssertUserError(CliHarness.Run(args.Where((_, i) => i is not (3 or 4)).ToArray()), "--data");
        CliHarness.AssertUserError(CliHarness.Run([.. args, "--reference-model", world.PathOf("nowhere")]), "--reference-model");
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--model", world.PathOf("nowhere"))), "--model");
        // The output folder is replaced by the run: a folder holding anything else is refused and left as it was.
        CliHarness.AssertUserError(CliHarness.Run(Replace(args, "--out", world.Root)), "--out", "other files");
        Assert.True(File.Exists(world.RegionPath));
    }
}
