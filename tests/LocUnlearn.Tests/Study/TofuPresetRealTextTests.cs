using System.Text.Json.Nodes;
using LocUnlearn.Common.Progress;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using Xunit.Abstractions;

namespace LocUnlearn.Tests.Study;

/// <summary>
/// Issue 15's acceptance run: `run --preset tofu` on real TOFU (forget10 / retain90) with the Llama-3 tokenizer, from a
/// clean directory, against every controlled-setup check on all 5 seeds and the time limit (goal 60, limit 120 minutes on
/// 2 cores). LOCUNLEARN_REALTEXT_OUT=DIR keeps the run directory (default: a temporary folder, removed afterwards).
/// </summary>
[Trait("Category", "RealText")]
public sealed class TofuPresetRealTextTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [RealTextFact]
    public void TheTofuPresetMeetsTheControlledSetupChecksOnEverySeedWithinTheTimeLimit()
    {
        string dir = Environment.GetEnvironmentVariable("LOCUNLEARN_REALTEXT_OUT") is { Length: > 0 } kept ? kept : Path.Combine(temp.Path, "tofu");
        var outcome = new StudyRunner(new PlainProgressSink(Console.Out)).Run(new RunOptions
        {
            Preset = "tofu", Data = SharedFiles.Require("tofu"), Tokenizer = SharedFiles.Require("tokenizers/llama3/tokenizer.json"), Out = dir,
        });

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results", "summary.json")))!;
        var setup = summary["controlled_setup"]!;
        foreach (var check in setup["checks"]!.AsArray())
            output.WriteLine(check!.ToJsonString());
        var thetaR = StageStore.Read(outcome.Layout.Stage(RetainStage.Name))!;
        output.WriteLine($"θr: retain ES {thetaR.Metrics["retain_es"]:F3}, forget ES {thetaR.Metrics["forget_es"]:F3}; wall {outcome.WallSeconds:F0} s");
        Assert.Equal(5, outcome.Seeds.Count);
        Assert.True(thetaR.Metrics["retain_es"] >= 0.9, $"θr retain ES {thetaR.Metrics["retain_es"]:F3}");
        Assert.True(thetaR.Metrics["forget_es"] <= 0.2, $"θr forget ES {thetaR.Metrics["forget_es"]:F3}");
        // Every check of SPEC 4.4, per seed where it is per seed (θo forget/retain ES, MU, log10 FQ <= -5), made and passed.
        var failed = setup["failed"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(setup["all_pass"]!.GetValue<bool>(), $"failed checks: {string.Join(", ", failed)}");
        Assert.All(outcome.Experiments.Runs, r => Assert.True(r.Ok, r.Error));
        // Last: the one requirement a loaded machine can break (goal 3600 s, limit 7200 s).
        Assert.True(outcome.WallSeconds <= 7200, $"tofu preset took {outcome.WallSeconds:F0} s (load average {File.ReadAllText("/proc/loadavg").Trim()})");
    }
}
