using LocUnlearn.Common;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Regions;

/// <summary>
/// The region file: JSON with the model shape it belongs to and the neuron indices per layer.
/// <code>{"format":"locunlearn.region/v1","name":"V_tgt","layers":4,"intermediate_size":688,"count":275,
///  "description":"...","neurons":[[3,17,...],[...],...]}</code>
/// A region is refused on a model of another shape.
/// </summary>
public static class RegionFile
{
    public const string Format = "locunlearn.region/v1";

    public static void Save(Region region, string path, string name, string? description = null)
    {
        var obj = new JsonObject
        {
            ["format"] = Format,
            ["name"] = name,
            ["layers"] = region.Shape.Layers,
            ["intermediate_size"] = region.Shape.IntermediateSize,
            ["count"] = region.Count,
            ["fraction"] = region.Fraction,
            ["description"] = description,
            ["neurons"] = new JsonArray(Enumerable.Range(0, region.Shape.Layers)
                .Select(l => (JsonNode)new JsonArray(region.NeuronsIn(l).Select(i => (JsonNode)i).ToArray())).ToArray()),
        };
        AtomicFile.WriteAllText(path, obj.ToJsonString());
    }

    public static Region Load(string path, RegionShape? expectedShape = null)
    {
        if (!File.Exists(path))
            throw new RegionFileException($"{path}: region file not found.");
        var obj = StrictJson.ReadNode(path, m => new RegionFileException(m)) as JsonObject
                  ?? throw new RegionFileException($"{path}: expected a JSON object.");
        if (!(obj["format"] is JsonValue f && f.TryGetValue(out string? format) && format == Format))
            throw new RegionFileException($"{path}: not a region file (format should be \"{Format}\").");
        int layers = ReadInt(obj, "layers", path), size = ReadInt(obj, "intermediate_size", path);
        var shape = new RegionShape(layers, size);
        if (expectedShape is { } want && want != shape)
            throw new RegionFileException(
                $"{path}: region was made for a model of {shape}, but this model has {want}. " +
                "Make the region for this model (locunlearn localize, or the run's stage files).");
        if (obj["neurons"] is not JsonArray perLayer || perLayer.Count != layers)
            throw new RegionFileException($"{path}: 'neurons' must be an array of {layers} per-layer arrays.");
        var vectors = new List<ValueVector>();
        for (int l = 0; l < layers; l++)
        {
            if (perLayer[l] is not JsonArray ids)
                throw new RegionFileException($"{path}: neurons[{l}] must be an array.");
            for (int k = 0; k < ids.Count; k++)
                vectors.Add(new ValueVector(l, ReadNeuron(ids[k], l, k, size, path)));
        }
        if (vectors.Count == 0)
            throw new RegionFileException(
                $"{path}: the region is empty (no neuron in any layer); a region needs at least one value vector, so list the neuron " +
                "indices under 'neurons' or make the region again (locunlearn localize).");
        var region = new Region(shape, vectors);
        if (region.Count != vectors.Count)
            throw new RegionFileException($"{path}: duplicate neuron indices.");
        return region;
    }

    private static int ReadNeuron(JsonNode? id, int layer, int position, int size, string path)
    {
        if (id is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out int i))
            throw new RegionFileException(
                $"{path}: neurons[{layer}][{position}] is {id?.ToJsonString() ?? "null"}, not a neuron index; neuron indices are whole " +
                $"numbers in [0, {size}).");
        if (i < 0 || i >= size)
            throw new RegionFileException($"{path}: neuron {i} in layer {layer} is out of range [0, {size}).");
        return i;
    }

    private static int ReadInt(JsonObject obj, string key, string path) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out int i) && i > 0
            ? i
            : throw new RegionFileException($"{path}: '{key}' must be a positive integer.");
}

public sealed class RegionFileException(string message) : Exception(message);
