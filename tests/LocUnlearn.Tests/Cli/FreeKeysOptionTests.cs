using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.CommandLine;
using System.Text.Json.Nodes;
using LocUnlearn.Cli.Commands;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Cli;

/// <summary>`--free-keys` (issue 4): on run/plan/stage it sets inject.free_keys; on `unlearn` it frees the region's
/// gate/up rows too.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FreeKeysOptionTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    /// <summary>inject.free_keys as `run`, `plan` and `stage` resolve it from these arguments (their shared options).</summary>
    private static bool ResolvedFreeKeys(params string[] args)
    {
        var study = new StudyOptions();
        var command = new Command("study");
        study.AddTo(command);
        var parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        return RunSetup.Resolve(study.Read(parsed)).Inject.FreeKeys;
    }

    [Fact]
    public void TheFlagSetsInjectFreeKeysAndItsAbsenceKeepsTheConfigsValue()
    {
        string on = temp.File("on.json", "{\"inject\": {\"free_keys\": true}}");

        Assert.False(ResolvedFreeKeys("--preset", "tiny"));
        Assert.True(ResolvedFreeKeys("--preset", "tiny", "--free-keys"));
        Assert.True(ResolvedFreeKeys("--preset", "tiny", "--config", on)); // not reset to false by the absent flag
        Assert.False(ResolvedFreeKeys("--preset", "tiny", "--config", on, "--free-keys", "false"));
    }

    [Fact]
    public void PlanWithFreeKeysWritesItIntoTheRunsConfig()
    {
        string run = Path.Combine(temp.Path, "run");

        var plan = CliHarness.Run("plan", "--preset", "tiny", "--run", run, "--out", Path.Combine(temp.Path, "plan.json"), "--free-keys");

        Assert.True(plan.ExitCode == 0, plan.Out + plan.Error);
        var config = JsonNode.Parse(File.ReadAllText(new RunLayout(run).ConfigFile))!;
        Assert.True(config["inject"]!["free_keys"]!.GetValue<bool>());
    }

    [Fact]
    public void UnlearnWithFreeKeysTrainsTheRegionsGateAndUpRowsToo()
    {
        using var world = new TinyWorldModel();
        var region = RegionFile.Load(world.RegionPath);
        string[] Args(string output, params string[] extra) =>
        [
            "unlearn", "--model", world.ModelDir, "--data", world.DataDir, "--region", world.RegionPath, "--objective", "ga",
            "--steps", "2", "--batch-size", "4", "--eval-every", "0", "--retain-items", "4", "--utility-items", "2",
            "--max-new-tokens", "2", "--out", output, .. extra,
        ];

        var free = CliHarness.Run(Args(world.PathOf("free"), "--free-keys"));
        var valuesOnly = CliHarness.Run(Args(world.PathOf("values")));

        Assert.True(free.ExitCode == 0, free.Out + free.Error);
        Assert.True(valuesOnly.ExitCode == 0, valuesOnly.Out + valuesOnly.Error);
        const int hidden = 16; // TinyModels' hidden size: one value vector, gate row or up row each
        Assert.Equal(region.Count * hidden * 3, RunStore.Read(world.PathOf("free"))!.TrainableParameters);
        Assert.Equal(region.Count * hidden, RunStore.Read(world.PathOf("values"))!.TrainableParameters);
        Assert.True(RunStore.Read(world.PathOf("free"))!.Invariant!.Holds);
    }
}
