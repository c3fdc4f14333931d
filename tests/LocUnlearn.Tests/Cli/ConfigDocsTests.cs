using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.RegularExpressions;
using LocUnlearn.Config;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Tests.Cli;

/// <summary>docs/config.md must list exactly the keys the config accepts (unknown keys are errors, so a wrong name in
/// the docs costs users a failed run), and its example files must load.</summary>
public sealed partial class ConfigDocsTests
{
    private static readonly string Docs = Path.Combine(RepositoryRoot(), "docs");

    [Fact]
    public void EveryKeyIsDocumentedAndEveryDocumentedKeyExists()
    {
        // Shared records are documented once, under a placeholder prefix.
        var leaves = ConfigKeys.Leaves(typeof(ExperimentConfig)).Select(k =>
            k.Owner == typeof(TrainingConfig) ? "<training>." + k.Name
            : k.Owner == typeof(RetainTerm) ? "<retain_term>." + k.Name
            : k.Path).ToHashSet();
        var fullPaths = ConfigKeys.Settable(typeof(ExperimentConfig)).ToList();
        var documented = File.ReadLines(Path.Combine(Docs, "config.md"))
            .Select(line => KeyRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();

        var missing = leaves.Except(documented).ToList();
        Assert.True(missing.Count == 0, $"keys missing from docs/config.md: {string.Join(", ", missing)}");
        // A documented key is a leaf, or an object holding leaves (e.g. `inject.training`, a training block).
        var stale = documented.Where(d => !leaves.Contains(d) && !fullPaths.Any(p => p.StartsWith(d + ".", StringComparison.Ordinal))).ToList();
        Assert.True(stale.Count == 0, $"documented but not keys: {string.Join(", ", stale)}");
        Assert.Contains("unlearn.settings.npo.beta", documented);
        Assert.DoesNotContain("seed_list", documented);
    }

    [Theory]
    [InlineData("paper-gpu.json", "paper")]
    [InlineData("quick-npo-beta.json", "quick")]
    public void ExampleConfigsLoadOverTheirPreset(string file, string preset)
    {
        string path = Path.Combine(Docs, "examples", file);

        var config = ConfigJson.Merge(Presets.Get(preset), ConfigJson.LoadObject(path), path);

        Assert.Equal(preset, config.Preset);
        if (file.StartsWith("quick", StringComparison.Ordinal))
        {
            Assert.Equal(["npo"], config.Unlearn.Objectives);
            Assert.Equal(0.5, config.Unlearn.Settings.Npo.Beta);
            Assert.Equal(Presets.Get("quick").Unlearn.Training, config.Unlearn.Training); // merged, not replaced
        }
        else
        {
            Assert.Equal(DataSource.Folder, config.Data.Source);
            Assert.Equal(WeightDtype.Bfloat16, config.Model.Dtype);
        }
    }

    /// <summary>Quick keeps (d) and (e) off (its 300 s budget); the documented opt-in turns on a reduced version.</summary>
    [Fact]
    public void QuickBeyondTurnsOnAReducedRelearningAndDoseResponse()
    {
        string path = Path.Combine(Docs, "examples", "quick-beyond.json");

        var config = ConfigJson.Merge(Presets.Get("quick"), ConfigJson.LoadObject(path), path);

        Assert.False(Presets.Get("quick").Relearn.Enabled || Presets.Get("quick").DoseResponse.Enabled);
        Assert.True(config.Relearn.Enabled && config.DoseResponse.Enabled);
        Assert.Equal(["npo"], config.DoseResponse.Objectives);
        Assert.Equal([0.0, 0.5, 1.0], config.DoseResponse.Overlaps);
        Assert.Equal(Presets.Get("quick").Unlearn.Training, config.Unlearn.Training);
        Assert.Equal(Presets.Get("quick").Unlearn.Objectives, config.Unlearn.Objectives);
        Assert.Contains("docs/examples/quick-beyond.json", File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));
    }

    /// <summary>ISSUE-NOTES 16: (d) and (e) are on in standard and paper.</summary>
    [Theory]
    [InlineData("standard")]
    [InlineData("paper")]
    public void StandardAndPaperRunExperimentsDAndE(string preset)
    {
        var config = Presets.Get(preset);
        if (config.Data.Source == DataSource.Folder) // paper's data and model come from --data and --model
            config = config with { Data = config.Data with { Path = "/tofu" }, Model = config.Model with { Path = "/model" } };

        Assert.True(config.Relearn.Enabled);
        Assert.True(config.DoseResponse.Enabled);
        ConfigValidator.Validate(config, preset);
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|")]
    private static partial Regex KeyRow();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LocUnlearn.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (LocUnlearn.slnx) not found above the test assembly");
    }
}
