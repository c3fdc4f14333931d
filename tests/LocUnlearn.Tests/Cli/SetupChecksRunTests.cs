using System.Text.Json.Nodes;

namespace LocUnlearn.Tests.Cli;

/// <summary>`run` checks the controlled setup every time: a broken setup is a finding (banner, pass: false, exit 0), and a
/// rerun with another config leaves no table or figure of the old one behind.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SetupChecksRunTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void AnInjectionWithoutStepsFailsTheChecksAndTheRunStillCompletes()
    {
        string config = temp.File("broken.json", """{"inject": {"training": {"steps": 0}}, "localization": {"methods": []}, "reconstruction": {"enabled": false}}""");
        string dir = Path.Combine(temp.Path, "run");

        var outcome = CliHarness.Run("run", "--preset", "tiny", "--config", config, "--out", dir);

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.DoesNotContain("θp: done earlier", outcome.Out); // trained in this run: the retain job does not announce it again
        Assert.Contains("the controlled setup failed", outcome.Out);
        var setup = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results", "summary.json")))!["controlled_setup"]!;
        Assert.False((bool)setup["all_pass"]!);
        var forget = setup["checks"]!.AsArray().Where(c => (string?)c!["name"] == "theta_o.forget_es").ToList();
        Assert.Equal(2, forget.Count); // one per seed of the tiny preset
        Assert.All(forget, c => Assert.False((bool)c!["pass"]!));
        Assert.All(forget, c => Assert.Equal(0.9, (double)c!["threshold"]!));
        string report = File.ReadAllText(Path.Combine(dir, "results", "report.md"));
        Assert.Contains("**The controlled setup failed", report);
        Assert.Contains("theta_o.forget_es (seed 0)", report);
        Assert.Contains("Conclusions withheld", report);
        Assert.Contains("Experiment (b) is disabled in this config.", report);
        Assert.Contains("Experiment (c) is disabled in this config", report);
    }

    [Fact]
    public void ARerunWithoutLocalizersRemovesTheirTablesAndFigures()
    {
        string dir = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliHarness.Run("run", "--preset", "tiny", "--out", dir).ExitCode);
        string results = Path.Combine(dir, "results");
        Assert.True(File.Exists(Path.Combine(results, "table1.csv")));
        File.WriteAllText(Path.Combine(results, "my-notes.md"), "mine");
        string config = temp.File("nolocalizers.json", """{"localization": {"methods": []}}""");

        var outcome = CliHarness.Run("run", "--preset", "tiny", "--config", config, "--out", dir, "--force");

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(outcome.Out, "θp: done earlier"));
        foreach (var stale in new[] { "table1.csv", "table1.md", "localization.csv", "localization.md", "fs_rs_localizers.png" })
            Assert.False(File.Exists(Path.Combine(results, stale)), stale);
        Assert.True(File.Exists(Path.Combine(results, "table2.csv")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(results, "my-notes.md"))); // not ours: left alone
    }
}
