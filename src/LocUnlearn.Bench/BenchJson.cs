using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace LocUnlearn.Bench;

/// <summary>The `locunlearn.bench/v1` JSON document: when, on what machine (and its load), with which settings, and
/// every case's metrics and targets.</summary>
public static class BenchJson
{
    public static JsonObject Build(IReadOnlyList<BenchCaseResult> results, BenchSettings settings, DateTime utc) => new()
    {
        ["format"] = "locunlearn.bench/v1",
        ["date_utc"] = utc.ToString("o"),
        ["machine"] = Machine(),
        ["settings"] = new JsonObject
        {
            ["hidden"] = settings.Shape.Hidden,
            ["layers"] = settings.Shape.Layers,
            ["intermediate"] = settings.Shape.Intermediate,
            ["vocab"] = settings.Shape.Vocab,
            ["seq"] = settings.Shape.Seq,
            ["batch"] = settings.Shape.Batch,
            ["warmup"] = settings.Warmup,
            ["repeats"] = settings.Repeats,
            ["matmul_size"] = settings.MatmulSize,
            ["answer_length"] = settings.AnswerLength,
            ["es_items"] = settings.EsItems,
            ["new_tokens"] = settings.NewTokens,
            ["generate_batches"] = new JsonArray(settings.GenerateBatches.Select(b => (JsonNode?)b).ToArray()),
            ["seed"] = settings.Seed,
            ["model"] = settings.ModelDirectory,
            ["data"] = settings.DataDirectory,
            ["device"] = settings.Device,
            ["dtype"] = settings.DType,
            ["config"] = settings.ConfigFile,
            ["peak_tflops"] = settings.PeakTflops,
            ["phase"] = settings.Phase,
            ["objective"] = settings.Objective,
        },
        ["cases"] = new JsonArray(results.Select(Case).ToArray<JsonNode?>()),
    };

    private static JsonObject Case(BenchCaseResult r) => new()
    {
        ["case"] = r.Case,
        ["metrics"] = new JsonObject(r.Metrics.Select(m => KeyValuePair.Create(m.Name,
            (JsonNode?)new JsonObject { ["value"] = Finite(m.Value), ["unit"] = m.Unit }))),
        ["targets"] = new JsonArray(r.Targets.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["requirement"] = t.Requirement,
            ["measured"] = Finite(t.Measured),
            ["pass"] = t.Pass,
        }).ToArray()),
        ["notes"] = new JsonArray(r.Notes.Select(n => (JsonNode?)n).ToArray()),
    };

    /// <summary>The cases of a document <see cref="Build"/> wrote (a failed measurement, null there, reads as NaN).</summary>
    public static IReadOnlyList<BenchCaseResult> ReadCases(JsonObject doc)
    {
        if (doc["format"]?.GetValue<string>() != "locunlearn.bench/v1")
            throw new FormatException($"not a locunlearn.bench/v1 document (format: {doc["format"]?.ToJsonString() ?? "missing"})");
        double Number(JsonNode? n) => n?.GetValue<double>() ?? double.NaN;
        return doc["cases"]!.AsArray().Select(c => new BenchCaseResult(
            c!["case"]!.GetValue<string>(),
            c["metrics"]!.AsObject().Select(m => new BenchMetric(m.Key, Number(m.Value!["value"]), m.Value!["unit"]!.GetValue<string>())).ToList(),
            c["targets"]!.AsArray().Select(t => new BenchTarget(t!["name"]!.GetValue<string>(), t["requirement"]!.GetValue<string>(),
                Number(t["measured"]), t["pass"]!.GetValue<bool>())).ToList(),
            c["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ToList())).ToList();
    }

    /// <summary>JSON has no NaN or infinity; a failed measurement is written as null.</summary>
    private static JsonNode? Finite(double v) => double.IsFinite(v) ? v : null;

    public static JsonObject Machine()
    {
        string cpu = "unknown";
        string? load = null;
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? cpu;
        if (File.Exists("/proc/loadavg"))
            load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        return new JsonObject
        {
            ["cpu"] = cpu,
            ["cores"] = Environment.ProcessorCount,
            ["torch_threads"] = TorchSharp.torch.get_num_threads(),
            ["load_average_1_5_15"] = load,
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
        };
    }
}
