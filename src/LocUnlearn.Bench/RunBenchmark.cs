using LocUnlearn.Jobs;
using System.Text.Json.Nodes;
using LocUnlearn.Study;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench run`: wall time per stage of the quick preset, from a run directory's manifest.json (`--run DIR`, no
/// re-running) or from a fresh quick run in a temporary directory.
/// </summary>
public static class RunBenchmark
{
    public const double TargetSeconds = 600;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        string? temp = null;
        string dir = settings.RunDirectory ?? (temp = Path.Combine(Path.GetTempPath(), "locunlearn-bench-run-" + Guid.NewGuid().ToString("N")));
        try
        {
            if (temp is not null)
                new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "quick", Out = temp });
            return FromManifest(Path.Combine(dir, "manifest.json"), temp is null ? $"read from {dir}" : "fresh quick run");
        }
        finally
        {
            if (temp is not null && Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
    }

    public static BenchCaseResult FromManifest(string path, string source)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; --run needs the directory of a finished `locunlearn run`.");
        var manifest = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new ArgumentException($"{path}: expected a JSON object.");
        var stages = manifest["wall_seconds"] as JsonObject
            ?? throw new ArgumentException($"{path}: no wall_seconds object (written by an older locunlearn?).");
        double total = manifest["wall_seconds_total"]?.GetValue<double>()
            ?? throw new ArgumentException($"{path}: no wall_seconds_total.");
        string preset = manifest["preset"]?.GetValue<string>() ?? "unknown";
        var metrics = stages.Select(kv => new BenchMetric($"{kv.Key}_s", kv.Value!.GetValue<double>(), "s")).ToList();
        metrics.Add(new("total_s", total, "s"));
        var targets = new List<BenchTarget>
        {
            new($"{preset} preset wall time", $"<= {TargetSeconds / 60:0} min (quick preset)", total, preset == "quick" && total <= TargetSeconds),
        };
        var machine = manifest["machine"]?.ToJsonString() ?? "{}";
        return new BenchCaseResult("run", metrics, targets,
            [$"{source}; preset {preset}; machine {machine}; stage times are summed over seeds and runs (manifest.json)."]);
    }
}
