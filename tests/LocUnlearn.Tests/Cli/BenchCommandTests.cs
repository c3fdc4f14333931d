using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.CommandLine;
using System.Text.Json.Nodes;
using LocUnlearn.Bench;
using LocUnlearn.Cli.Commands;

namespace LocUnlearn.Tests.Cli;

/// <summary>Parsing and the JSON document of `bench` on a tiny shape; no timing is asserted (shared machines).</summary>
public class BenchCommandTests
{
    private static int Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create());
        return root.Parse(args).Invoke();
    }

    private static readonly string[] Tiny =
        ["--hidden", "16", "--layers", "1", "--intermediate", "24", "--vocab", "40", "--seq", "8", "--batch", "2",
         "--repeats", "1", "--warmup", "0", "--matmul-size", "32", "--answer-length", "4", "--es-items", "2", "--new-tokens", "3"];

    [Fact]
    public void StepOnATinyShapeWritesItsMetricsAndTargets()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run(["bench", "step", "--out", path, .. Tiny]));

        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("locunlearn.bench/v1", doc["format"]!.GetValue<string>());
        Assert.Equal(16, doc["settings"]!["hidden"]!.GetValue<int>());
        var step = doc["cases"]!.AsArray().Single()!;
        Assert.Equal("step", step["case"]!.GetValue<string>());
        Assert.True(step["metrics"]!["full.tokens_per_s"]!["value"]!.GetValue<double>() > 0);
        Assert.True(step["metrics"]!["masked_over_full"]!["value"]!.GetValue<double>() > 0);
        Assert.Equal(2, step["targets"]!.AsArray().Count);
    }

    [Fact]
    public void AllMeasuresMemoryInAFreshProcessWithTheSameSettings()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run(["bench", "all", "--out", path, .. Tiny]));

        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var cases = BenchJson.ReadCases(doc);
        Assert.Equal(["step", "es", "generate", "memory", "memory-full"], cases.Select(c => c.Case));
        Assert.Contains(cases.Single(c => c.Case == "memory-full").Notes,
            n => n.StartsWith("measured in a separate process (bench memory-full", StringComparison.Ordinal) && n.Contains("--dtype float32"));
        var memory = cases.Single(c => c.Case == "memory");
        Assert.Contains(memory.Notes, n => n.StartsWith("measured in a separate process (bench memory --repeats 1 --warmup 0 --hidden 16", StringComparison.Ordinal));
        int threads = TorchSharp.torch.get_num_threads(); // the child gets this process's libtorch threads
        Assert.Contains(memory.Notes, n => n.Contains($"--threads {threads}", StringComparison.Ordinal));
        Assert.Equal(10, memory.Targets.Count); // optimizer state and extra for each of the five objectives
        Assert.True(memory.Metric("ga.optimizer_state_bytes") > 0);
    }

    [Fact]
    public void BenchJsonReadsBackWhatItWrote()
    {
        var results = new[]
        {
            new BenchCaseResult("step", [new BenchMetric("full.tokens_per_s", 4616.5, "tokens/s"), new BenchMetric("broken", double.NaN, "s")],
                [new BenchTarget("masked / full", "<= 1.10", 0.54, true)], ["a note"]),
            new BenchCaseResult("memory", [], [new BenchTarget("ga: extra", "<= 4.3 MiB", 9.8e6, false)], []),
        };

        var read = BenchJson.ReadCases(JsonNode.Parse(BenchJson.Build(results, new BenchSettings(), DateTime.UtcNow).ToJsonString())!.AsObject());

        Assert.Equal(2, read.Count);
        Assert.Equal(results[0].Metrics[0], read[0].Metrics[0]);
        Assert.True(double.IsNaN(read[0].Metric("broken")));
        Assert.Equal(results[0].Targets, read[0].Targets);
        Assert.Equal(results[0].Notes, read[0].Notes);
        Assert.Equal(results[1].Targets, read[1].Targets);
        Assert.Throws<FormatException>(() => BenchJson.ReadCases(new JsonObject { ["format"] = "other" }));
    }

    [Fact]
    public void EsOnATinyShapeFindsTheSameKStarBothWays()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run(["bench", "es", "--out", path, .. Tiny]));

        var es = JsonNode.Parse(File.ReadAllText(path))!["cases"]![0]!;
        Assert.Equal(2, es["metrics"]!["agreeing_items"]!["value"]!.GetValue<double>());
    }

    /// <summary>`bench es --model --data`: the study's forget + retain evaluation sets of a real model folder (every forget10
    /// row, the first 400 of retain90), both ways; no timing asserted.</summary>
    [Fact]
    public void EsOnAModelsEvaluationSetsComparesEveryItemWithTheGenerationReference()
    {
        using var world = new TinyWorldModel();
        string path = world.PathOf("bench.json");

        Assert.Equal(0, Run("bench", "es", "--model", world.ModelDir, "--data", world.DataDir, "--repeats", "1", "--warmup", "0", "--out", path));

        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(world.ModelDir, doc["settings"]!["model"]!.GetValue<string>());
        var es = BenchJson.ReadCases(doc).Single();
        var reader = new LocUnlearn.Data.TofuReader(world.DataDir);
        int forget = reader.LoadQa("forget10").Items.Count, retain = Math.Min(400, reader.LoadQa("retain90").Items.Count);
        Assert.Equal(forget, es.Metric("forget_items"));
        Assert.Equal(retain, es.Metric("retain_items"));
        Assert.Equal(forget + retain, es.Metric("items"));
        Assert.Equal(forget + retain, es.Metric("agreeing_items"));
        Assert.Equal(es.Metric("forget_es.one_pass"), es.Metric("forget_es.generation"), 12);
        Assert.Equal(es.Metric("retain_es.one_pass"), es.Metric("retain_es.generation"), 12);
        Assert.True(es.Metric("one_pass.items_per_s") > 0 && es.Metric("generation.items_per_s") > 0);
        Assert.Equal(es.Metric("one_pass.items_per_s") / es.Metric("generation.items_per_s"), es.Metric("speedup"), 9);
        Assert.Equal(["ES one-pass vs generation", "ES values agree"], es.Targets.Select(t => t.Name));
        Assert.True(es.Targets[1].Pass);
    }

    [Fact]
    public void ModelAndDataOptionsBelongToEs()
    {
        using var folder = new TempFolder();
        Assert.Equal(2, Run("bench", "step", "--model", folder.Path));
        Assert.Equal(2, Run("bench", "es", "--data", folder.Path));
        Assert.Equal(2, Run("bench", "es", "--model", Path.Combine(folder.Path, "absent")));
    }

    [Fact]
    public void GenerateOnATinyShapeReportsEachRequestedBatch()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run(["bench", "generate", "--out", path, "--generate-batches", "1", "3", .. Tiny]));

        var generate = JsonNode.Parse(File.ReadAllText(path))!["cases"]![0]!;
        Assert.True(generate["metrics"]!["batch1.speedup"]!["value"]!.GetValue<double>() > 0);
        Assert.True(generate["metrics"]!["batch3.speedup"]!["value"]!.GetValue<double>() > 0);
        Assert.Equal(2, generate["targets"]!.AsArray().Count);
    }

    [Fact]
    public void MemoryOnATinyShapeDecomposesEveryObjective()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run(["bench", "memory", "--out", path, .. Tiny]));

        var memory = JsonNode.Parse(File.ReadAllText(path))!["cases"]![0]!;
        var metrics = memory["metrics"]!;
        foreach (var name in new[] { "ga", "wga", "npo", "dpo", "rmu" })
        {
            // No assertion on sizes (resident memory of a shared test process): the parts must be there.
            foreach (var part in new[] { "run_peak_bytes", "activations_peak_bytes", "extra_bytes" })
                Assert.NotNull(metrics[$"{name}.{part}"]?["value"]);
            Assert.True(metrics[$"{name}.optimizer_state_bytes"]!["value"]!.GetValue<double>() > 0, name);
        }
        Assert.Equal(10, memory["targets"]!.AsArray().Count);
    }

    [Fact]
    public void MemoryFullOnATinyShapeComparesEachVariantWithTheEstimate()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bench.json");

        // Three layers: with one, keeping its input costs more than the one layer's activations it saves.
        string[] shape = [.. Tiny.Select((a, i) => i > 0 && Tiny[i - 1] == "--layers" ? "3" : a)];
        Assert.Equal(0, Run(["bench", "memory-full", "--out", path, .. shape]));

        var result = BenchJson.ReadCases(JsonNode.Parse(File.ReadAllText(path))!.AsObject()).Single();
        // No assertion on the peaks (resident memory of a shared test process, a model of kilobytes): the parts.
        foreach (var variant in new[] { "plain", "checkpointed", "checkpointed_8bit" })
            Assert.True(result.Metric($"{variant}.estimate_bytes") > 0, variant);
        Assert.True(result.Metric("checkpointed.estimate_activations_bytes") < result.Metric("plain.estimate_activations_bytes"));
        Assert.True(result.Metric("checkpointed_8bit.estimate_state_bytes") < result.Metric("checkpointed.estimate_state_bytes"));
        Assert.Equal(4, result.Targets.Count);
    }

    [Fact]
    public void RunReadsAnExistingManifest()
    {
        using var folder = new TempFolder();
        folder.File("manifest.json", """{"preset": "quick", "wall_seconds": {"pretrain": 12.5, "report": 1}, "wall_seconds_total": 13.5}""");
        string path = Path.Combine(folder.Path, "bench.json");

        Assert.Equal(0, Run("bench", "run", "--run", folder.Path, "--out", path));

        var run = JsonNode.Parse(File.ReadAllText(path))!["cases"]![0]!;
        Assert.Equal(12.5, run["metrics"]!["pretrain_s"]!["value"]!.GetValue<double>());
        Assert.True(run["targets"]![0]!["pass"]!.GetValue<bool>());
    }

    [Fact]
    public void BadArgumentsExitWithCode2()
    {
        using var folder = new TempFolder();
        Assert.Equal(2, Run("bench", "nonsense"));
        Assert.Equal(2, Run("bench", "step", "--hidden", "16", "--repeats", "0"));
        Assert.Equal(2, Run("bench", "run", "--run", Path.Combine(folder.Path, "absent")));
    }
}
