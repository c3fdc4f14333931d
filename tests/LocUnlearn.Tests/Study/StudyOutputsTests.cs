using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocUnlearn.Tests.Study;

/// <summary>What a tiny study writes: report.md's figure links, the summary.json schema, the manifest.</summary>
[Collection(TinyStudyCollection.Name)]
public sealed class StudyOutputsTests(TinyStudyRun tiny)
{
    [Fact]
    public void EveryImageLinkInTheReportResolvesFromResultsToAnExistingFile()
    {
        _ = tiny.Runs;
        string results = Path.Combine(tiny.Dir, "results");
        string report = File.ReadAllText(Path.Combine(results, "report.md"));
        var links = Regex.Matches(report, @"!\[[^\]]*\]\(<?([^)>]+)>?\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link =>
        {
            Assert.False(Path.IsPathRooted(link), link);
            Assert.True(File.Exists(Path.GetFullPath(link, results)), $"{link} does not resolve from {results}");
            Assert.Equal(results, Path.GetDirectoryName(Path.GetFullPath(link, results)));
        });
    }

    [Fact]
    public void EveryFigureIsWrittenTheHeadlineFigureToo()
    {
        var first = tiny.Runs.First;
        string results = Path.Combine(tiny.Dir, "results");
        string[] figures = [ReportFigures.OracleVsRandom, ReportFigures.ForgetRetain, ReportFigures.QualityUtility, ReportFigures.LocalizedForgetRetain,
            ReportFigures.Reconstruction, ReportFigures.ReconstructionResiduals, ReportFigures.RegionLayers];
        Assert.Equal("oracle_vs_random.png", ReportFigures.OracleVsRandom);
        Assert.All(figures, png => Assert.True(new FileInfo(Path.Combine(results, png)) is { Exists: true, Length: > 10_000 }, png));
        // The residual figure's baseline: θo's residual, measured by the reconstruction run at step 0.
        var reconstruction = first.Experiments.Runs.Where(r => r.Kind == LocUnlearn.Study.Units.RunKind.Reconstruct).ToList();
        Assert.NotEmpty(reconstruction);
        Assert.All(reconstruction, r => Assert.Equal(first.Config.Model.Layers, r.InitialLayerResiduals!.Count));
        Assert.All(reconstruction, r => Assert.Equal(reconstruction[0].InitialLayerResiduals, r.InitialLayerResiduals));
    }

    /// <summary>
    /// Every key of the issue's list and docs/summary-schema.md, for what the tiny preset ran (all four objectives, the
    /// four localizers, Oracle and two random reconstruction regions), with its type; values the schema allows to be
    /// null (a std or Welch p with no spread) may be.
    /// </summary>
    [Fact]
    public void SummaryJsonHasEveryKeyOfTheSchemaWithItsType()
    {
        var config = tiny.Runs.First.Config;
        var summary = TinyStudyRun.ReadJson(tiny.Dir, "results/summary.json");
        Assert.Equal(["wga", "npo", "dpo", "rmu"], config.Unlearn.Objectives);
        Assert.Equal(["random", "activations", "memflex", "wagle"], config.Localization.Methods);

        Assert.Equal("tiny", Value(summary, "preset", JsonValueKind.String).GetValue<string>());
        Assert.True(Value(summary, "wall_seconds", JsonValueKind.Number).GetValue<double>() > 0);
        Assert.Equal(config.Seeds, Value(summary, "seeds", JsonValueKind.Number).GetValue<int>());
        Assert.Contains("sign-flip", Value(summary, "significance_test", JsonValueKind.String).GetValue<string>());
        foreach (var model in new[] { "theta_r", "theta_o", "theta_o_full" })
            foreach (var es in new[] { "forget_es", "retain_es" })
                Value(summary, $"controlled_setup.{model}.{es}", JsonValueKind.Number);
        foreach (var objective in config.Unlearn.Objectives)
            foreach (var metric in new[] { "aues", "mu95" })
            {
                string at = $"oracle_vs_random.{objective}.{metric}";
                foreach (var arm in new[] { "oracle", "random", "abs_delta" })
                {
                    Value(summary, $"{at}.{arm}.mean", JsonValueKind.Number);
                    NumberOrNull(summary, $"{at}.{arm}.std");
                }
                Value(summary, $"{at}.p_permutation", JsonValueKind.Number);
                NumberOrNull(summary, $"{at}.p_welch");
                Assert.Equal(config.Seeds, Value(summary, $"{at}.seeds", JsonValueKind.Number).GetValue<int>());
            }
        foreach (var method in config.Localization.Methods)
        {
            Value(summary, $"localization.{method}.recall", JsonValueKind.Number);
            Value(summary, $"localization.{method}.precision", JsonValueKind.Number);
            foreach (var objective in config.Unlearn.Objectives)
                foreach (var metric in new[] { "aues", "mu95" })
                    Value(summary, $"localization.{method}.{objective}.{metric}", JsonValueKind.Number);
        }
        var regions = new[] { "oracle", "random_a", "random_b", "random_c" }.Take(1 + config.Reconstruction.RandomRegions).ToList();
        Assert.Equal(regions, summary["reconstruction"]!.AsObject().Select(kv => kv.Key));
        foreach (var region in regions)
            foreach (var key in new[] { "fs", "rs", "log10_fq", "mu" })
                Value(summary, $"reconstruction.{region}.{key}", JsonValueKind.Number);
        Assert.Equal(JsonValueKind.Array, summary["failed_runs"]!.GetValueKind());
    }

    [Fact]
    public void ManifestKeepsEachStagesRecordedWallTimeWhenTheRerunSkipsEverything()
    {
        var before = tiny.Runs.Manifest;
        var after = TinyStudyRun.ReadJson(tiny.Dir, "manifest.json");
        var stages = after["wall_seconds"]!.AsObject();
        Assert.Equal(["pretrain", "retain", "inject", "inject-full", "localize", "unlearn", "unlearn-localized", "reconstruct"], stages.Select(kv => kv.Key));
        Assert.All(stages, kv => Assert.True(kv.Value!.GetValue<double>() > 0, $"{kv.Key}: {kv.Value}"));
        Assert.Equal(before["wall_seconds"]!.ToJsonString(), stages.ToJsonString());
        // this invocation's own clock: the rerun skipped the stages, so unlearning took (almost) nothing this time
        var now = after["this_invocation"]!["wall_seconds"]!.AsObject();
        Assert.True(now["unlearn"]!.GetValue<double>() < stages["unlearn"]!.GetValue<double>());
        Assert.True(after["wall_seconds_total"]!.GetValue<double>() >= stages.Sum(kv => kv.Value!.GetValue<double>()) - 0.01);
        var models = after["models"]!.AsObject();
        Assert.Matches("^[0-9a-f]{64}$", models["theta_p"]!.GetValue<string>());
        Assert.Equal("pretrain stage", models["theta_p_source"]!.GetValue<string>());
        Assert.Equal(before["models"]!.ToJsonString(), models.ToJsonString());
    }

    private static JsonNode? At(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var key in path.Split('.'))
        {
            Assert.True(node is JsonObject o && o.ContainsKey(key), $"summary.json has no {path} (missing at '{key}')");
            node = node![key];
        }
        return node;
    }

    private static JsonNode Value(JsonObject root, string path, JsonValueKind kind)
    {
        var node = At(root, path);
        Assert.True(node is not null && node.GetValueKind() == kind, $"summary.json {path} is {node?.GetValueKind().ToString() ?? "null"}, not {kind}");
        return node!;
    }

    private static void NumberOrNull(JsonObject root, string path)
    {
        var node = At(root, path);
        Assert.True(node is null || node.GetValueKind() == JsonValueKind.Number, $"summary.json {path} is {node?.GetValueKind()}, not a number or null");
    }
}
