using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LocUnlearn.Common;
using LocUnlearn.Config;

namespace LocUnlearn.Study.Units;

/// <summary>result.json (the completion record, written last) and trajectory.jsonl of a run folder.</summary>
public static class RunStore
{
    public const string ResultFile = "result.json";
    public const string TrajectoryFile = "trajectory.jsonl";

    /// <summary>A metric that was not computed is NaN (e.g. forget quality of `locunlearn unlearn` without θr); JSON has
    /// no NaN, so it is written as the string "NaN" rather than failing the whole record.</summary>
    private static readonly JsonSerializerOptions Json = new(ConfigJson.Options)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new CheckpointJsonConverter() },
    };

    /// <summary>The run's result when it was done with these inputs and its files are still what it wrote; null
    /// otherwise (it runs again). A damaged output is reported through <paramref name="notice"/>.</summary>
    public static RunResult? Completed(string dir, string fingerprint, Action<string>? notice = null)
    {
        if (Read(dir) is not { } result || result.Fingerprint != fingerprint)
            return null;
        if (OutputFiles.FirstMismatch(dir, result.Outputs) is { } damage)
        {
            notice?.Invoke($"notice: {dir}: {damage}; computing it again.");
            return null;
        }
        return result;
    }

    public static RunResult? Read(string dir)
    {
        string path = Path.Combine(dir, ResultFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static RunResult Write(string dir, RunResult result)
    {
        var lines = new StringBuilder();
        var compact = new JsonSerializerOptions(Json) { WriteIndented = false };
        foreach (var c in result.Trajectory)
        {
            var p = c.Point;
            var line = new { result.Objective, Region = result.Region.Id, result.Seed, c.Step, fs = p.ForgetScore, rs = p.RetainScore,
                log10_fq = p.Log10ForgetQuality, mu = p.ModelUtility };
            lines.AppendLine(JsonSerializer.Serialize(line, compact));
        }
        AtomicFile.WriteAllText(Path.Combine(dir, TrajectoryFile), lines.ToString());
        var complete = result with { Outputs = OutputFiles.Capture(dir, ResultFile) };
        AtomicFile.WriteAllText(Path.Combine(dir, ResultFile), JsonSerializer.Serialize(complete, Json));
        return complete;
    }
}
