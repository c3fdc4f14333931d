using LocUnlearn.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Regions;

namespace LocUnlearn.Localization;

/// <summary>
/// A localizer's score for every value vector, float[layer][neuron] (SPEC 7). Saved once, so a region can be re-cut at
/// any p without recomputing. <see cref="Top"/> keeps the global top p% (not per layer), ties broken by (layer, neuron)
/// ascending and NaN ranked last, so a cut is deterministic.
/// </summary>
public sealed class ValueVectorScores
{
    public const string Format = "locunlearn.scores/v1";

    public ValueVectorScores(string method, float[][] scores)
    {
        if (scores.Length == 0 || scores.Any(s => s.Length != scores[0].Length))
            throw new ArgumentException("scores must be a non-empty rectangular [layer][neuron] array.", nameof(scores));
        Method = method;
        Scores = scores;
        Shape = new RegionShape(scores.Length, scores[0].Length);
    }

    public string Method { get; }
    public float[][] Scores { get; }
    public RegionShape Shape { get; }

    /// <summary>The round(p · total) best-scored value vectors.</summary>
    public Region Top(double fraction) => TopCount(RegionSampler.CountFor(Shape, fraction));

    public Region TopCount(long count)
    {
        var all = new List<(float Score, int Layer, int Neuron)>((int)Shape.Total);
        for (int l = 0; l < Shape.Layers; l++)
            for (int i = 0; i < Shape.IntermediateSize; i++)
                all.Add((float.IsNaN(Scores[l][i]) ? float.NegativeInfinity : Scores[l][i], l, i));
        all.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Neuron.CompareTo(b.Neuron));
        return new Region(Shape, all.Take((int)count).Select(x => new ValueVector(x.Layer, x.Neuron)));
    }

    public void Save(string path)
    {
        var obj = new JsonObject
        {
            ["format"] = Format,
            ["method"] = Method,
            ["layers"] = Shape.Layers,
            ["intermediate_size"] = Shape.IntermediateSize,
            ["scores"] = new JsonArray(Scores.Select(row => (JsonNode)new JsonArray(row.Select(s => (JsonNode)JsonValue.Create(s)).ToArray())).ToArray()),
        };
        AtomicFile.WriteAllText(path, obj.ToJsonString());
    }

    public static ValueVectorScores Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: scores file not found.", path);
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON ({e.Message}).");
        }
        if (obj["format"]?.GetValue<string>() != Format)
            throw new InvalidDataException($"{path}: not a scores file (format should be \"{Format}\").");
        var rows = obj["scores"] as JsonArray ?? throw new InvalidDataException($"{path}: 'scores' must be an array of per-layer arrays.");
        var scores = rows.Select(r => (r as JsonArray ?? throw new InvalidDataException($"{path}: each layer's scores must be an array."))
            .Select(v => v!.GetValue<float>()).ToArray()).ToArray();
        return new ValueVectorScores(obj["method"]?.GetValue<string>() ?? "unknown", scores);
    }
}
