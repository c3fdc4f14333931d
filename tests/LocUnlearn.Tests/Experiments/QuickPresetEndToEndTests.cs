using System.Text.Json.Nodes;
using LocUnlearn.Experiments;
using LocUnlearn.Experiments.Reporting.Progress;

namespace LocUnlearn.Tests.Experiments;

/// <summary>
/// The README's main command on this machine, checked against the controlled setup's requirements: θr knows the
/// retain set and not the forget set, θo learned the forget set inside V_tgt about as well as full fine-tuning and
/// kept θr's retain performance; the report's files exist.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class QuickPresetEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [EndToEndFact]
    public void QuickPresetMeetsTheControlledSetupRequirements()
    {
        string dir = Path.Combine(temp.Path, "quick");
        var outcome = new StudyRunner(new PlainProgressSink(Console.Out)).Run(new RunOptions { Preset = "quick", Out = dir });
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results", "summary.json")))!;
        double Es(string model, string split) => summary["controlled_setup"]![model]![$"{split}_es"]!.GetValue<double>();
        Assert.True(Es("theta_r", "retain") >= 0.9, $"θr retain ES {Es("theta_r", "retain")}");
        Assert.True(Es("theta_r", "forget") <= 0.2, $"θr forget ES {Es("theta_r", "forget")}");
        Assert.True(Es("theta_o", "forget") >= 0.9, $"θo forget ES {Es("theta_o", "forget")}");
        Assert.True(Math.Abs(Es("theta_o", "forget") - Es("theta_o_full", "forget")) <= 0.05, "θo vs full-parameter injection");
        Assert.True(Math.Abs(Es("theta_o", "retain") - Es("theta_r", "retain")) <= 0.05, "θo keeps θr's retain ES");
        Assert.True(outcome.WallSeconds <= 600, $"quick preset took {outcome.WallSeconds:F0} s");
        // Issue 6: Oracle and Random NPO runs reach FS >= 0.5 within the default budget while RS stays >= 0.8·RS(θo),
        // at every evaluated checkpoint (θo's RS is the run's step-0 point).
        var npo = outcome.Experiments.Runs.Where(r => r.Kind == "unlearn" && r.Objective == "npo").ToList();
        Assert.Equal(2 * outcome.Config.Seeds, npo.Count);
        foreach (var run in npo)
        {
            output.WriteLine($"npo {run.Region} seed {run.Seed}: " + string.Join("  ", run.Trajectory.Select(p => $"{p.Step}:FS {p.ForgetScore:F3} RS {p.RetainScore:F3}")));
            Assert.True(run.Ok, run.Error);
            double floor = 0.8 * run.Trajectory[0].RetainScore;
            Assert.Contains(run.Trajectory, p => p.ForgetScore >= 0.5);
            Assert.All(run.Trajectory, p => Assert.True(p.RetainScore >= floor,
                $"npo {run.Region} seed {run.Seed} step {p.Step}: RS {p.RetainScore:F3} < 0.8·RS(θo) = {floor:F3}"));
        }
        foreach (var file in new[] { "report.md", "table1.md", "table2.md", "localization.md", "fs_rs_oracle_vs_random.png", "reconstruction.png" })
            Assert.True(File.Exists(Path.Combine(dir, "results", file)), file);
    }
}
