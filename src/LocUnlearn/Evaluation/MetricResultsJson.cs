using LocUnlearn.Common;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocUnlearn.Evaluation;

/// <summary>
/// Reads and writes metric results in OpenUnlearning's layout:
/// { "metric_name": { "agg_value": x, "value_by_index": { "0": { ...per-item fields... }, ... } } }.
/// Fields are snake_case; unknown fields are errors when reading.
/// </summary>
public static class MetricResultsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Python's json writes NaN / Infinity (a truth ratio can overflow); keep them readable both ways.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public static string Serialize(IReadOnlyDictionary<string, MetricResult> metrics) =>
        JsonSerializer.Serialize(metrics, Options);

    public static Dictionary<string, MetricResult> Deserialize(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, MetricResult>>(json, Options)
        ?? throw new JsonException("metric results file is empty (null)");

    public static void Write(string path, IReadOnlyDictionary<string, MetricResult> metrics) => AtomicFile.WriteAllText(path, Serialize(metrics));

    public static Dictionary<string, MetricResult> Read(string path) => Deserialize(File.ReadAllText(path));
}
