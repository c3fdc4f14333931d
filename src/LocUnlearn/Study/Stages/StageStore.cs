using LocUnlearn.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LocUnlearn.Config;

namespace LocUnlearn.Study.Stages;

/// <summary>
/// Completion records of stages and runs. A unit of work is done iff its folder holds record.json with the
/// fingerprint of its current inputs; otherwise its folder is cleared and it runs again. Records are written
/// to a temporary file and renamed, so a killed process never leaves a record that looks complete.
/// </summary>
public static class StageStore
{
    public const string RecordFile = "record.json";

    /// <summary>Files in a unit's folder that other units write later (θr's and θo's cached evaluations).</summary>
    public static readonly string[] WrittenByOthers = [RecordFile, "evaluation.json"];

    /// <summary>
    /// The unit's record when it was done with these inputs and its files are still what it wrote; null otherwise
    /// (it runs again). A damaged output is reported through <paramref name="notice"/>.
    /// </summary>
    public static StageRecord? Completed(string dir, string fingerprint, Action<string>? notice = null)
    {
        if (Read(dir) is not { } record || record.Fingerprint != fingerprint)
            return null;
        if (OutputFiles.FirstMismatch(dir, record.Outputs) is { } damage)
        {
            notice?.Invoke($"notice: {dir}: {damage}; computing it again.");
            return null;
        }
        return record;
    }

    /// <summary>The unit's record whatever its inputs were, or null when absent or unreadable (treated as not done).</summary>
    public static StageRecord? Read(string dir)
    {
        string path = Path.Combine(dir, RecordFile);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(path), ConfigJson.Options);
        }
        catch (JsonException)
        {
            return null; // unreadable: treat as not done, it will be redone
        }
    }

    /// <summary>Empties a unit's folder before it runs (leftovers of an interrupted attempt), never through a link out of
    /// the run directory (<see cref="RunDirectory.Reset"/>).</summary>
    public static void Reset(string dir) => RunDirectory.Reset(dir);

    /// <summary>Writes the record last, listing the files the unit wrote in its folder.</summary>
    public static StageRecord Write(string dir, StageRecord record)
    {
        var complete = record with { Outputs = OutputFiles.Capture(dir, WrittenByOthers) };
        AtomicFile.WriteAllText(Path.Combine(dir, RecordFile), JsonSerializer.Serialize(complete, ConfigJson.Options));
        return complete;
    }

    /// <summary>SHA-256 over the canonical JSON (<see cref="CanonicalJson"/>: neutral values left out) of the given parts
    /// (configs, upstream fingerprints, seeds).</summary>
    public static string Fingerprint(params object?[] parts)
    {
        string json = CanonicalJson.Of(JsonSerializer.SerializeToNode(parts, ConfigJson.Options));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))).ToLowerInvariant()[..16];
    }
}
