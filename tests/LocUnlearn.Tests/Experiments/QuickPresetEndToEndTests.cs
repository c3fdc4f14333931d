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
public sealed class QuickPresetEndToEndTests : IDisposable
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
        foreach (var file in new[] { "report.md", "table1.md", "table2.md", "localization.md", "fs_rs_oracle_vs_random.png", "reconstruction.png" })
            Assert.True(File.Exists(Path.Combine(dir, "results", file)), file);
    }
}
