using System.Text.Json.Nodes;
using LocUnlearn.Common;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>
/// The safetensors files of a model folder: model.safetensors, or the shards of model.safetensors.index.json with its
/// weight_map (tensor name → shard file). Each tensor is read from the one file that holds it; for a sharded checkpoint
/// that is the shard weight_map names, and shards are plain file names next to the index, so an index cannot pull
/// weights from outside the folder.
/// </summary>
/// <param name="Index">the index file of a sharded checkpoint, else null</param>
/// <param name="Files">the weight files, each once, in weight_map's order</param>
/// <param name="WeightMap">tensor name → full path of its shard (null without an index)</param>
public sealed record CheckpointFiles(string? Index, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string>? WeightMap)
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>The weight files of a folder; pickle checkpoints are refused (they can execute code).</summary>
    public static CheckpointFiles Find(string dir)
    {
        string index = Path.Combine(dir, IndexFile);
        if (File.Exists(index))
        {
            var map = ReadWeightMap(index, dir);
            var shards = map.Values.Distinct().ToArray();
            foreach (var s in shards.Where(s => !File.Exists(s)))
                throw new ModelFormatException($"{index}: shard {Path.GetFileName(s)} listed in weight_map is missing.");
            return new CheckpointFiles(index, shards, map);
        }
        string single = Path.Combine(dir, SingleFile);
        if (File.Exists(single))
            return new CheckpointFiles(null, [single], null);
        if (File.Exists(Path.Combine(dir, "pytorch_model.bin")) || Directory.EnumerateFiles(dir, "*.bin").Any())
            throw new ModelFormatException(
                $"{dir}: only pickle checkpoints (*.bin) found. Pickle can execute code, so LocUnlearn does not load it; convert the " +
                "model to safetensors (e.g. save_pretrained(..., safe_serialization=True)).");
        throw new ModelFormatException($"{dir}: no {SingleFile} or {IndexFile}.");
    }

    /// <summary>
    /// Which open file each tensor is read from. A tensor in two files, a shard tensor that weight_map does not put in
    /// that shard, and a weight_map tensor its shard lacks are errors: any of them means the index and the shards
    /// disagree about the weights, and picking one would be a guess.
    /// </summary>
    public IReadOnlyDictionary<string, SafeTensorsFile> Locate(IReadOnlyList<SafeTensorsFile> opened)
    {
        var located = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        foreach (var file in opened)
        {
            foreach (string name in file.Entries.Keys)
            {
                if (located.TryGetValue(name, out var other))
                    throw new ModelFormatException(
                        $"{file.Path}: tensor '{name}' is also in {other.Path}; a checkpoint holds each tensor once. Remove the extra copy " +
                        $"{(WeightMap is null ? "" : $"or regenerate {Index} ")}(save_pretrained writes consistent shards).");
                located[name] = file;
            }
        }
        foreach (var (name, file) in located)
        {
            if (WeightMap is not null && (!WeightMap.TryGetValue(name, out string? shard) || shard != file.Path))
                throw new ModelFormatException(
                    $"{file.Path}: tensor '{name}' is in this shard, but {Index}'s weight_map " +
                    $"{(shard is null ? "does not list it" : $"puts it in {Path.GetFileName(shard)}")}; the index does not describe " +
                    "these shards. Regenerate the index or the shards (save_pretrained writes both).");
        }
        foreach (var (name, shard) in WeightMap ?? new Dictionary<string, string>())
            if (!located.ContainsKey(name))
                throw new ModelFormatException(
                    $"{Index}: weight_map puts tensor '{name}' in {Path.GetFileName(shard)}, but that shard does not contain it; the shard " +
                    "is incomplete or the index belongs to another checkpoint. Download or save the checkpoint again.");
        return located;
    }

    private static Dictionary<string, string> ReadWeightMap(string index, string dir)
    {
        var root = StrictJson.ReadNode(index, m => new ModelFormatException(m));
        if (root?["weight_map"] is not JsonObject map)
            throw new ModelFormatException($"{index}: no weight_map object (tensor name → shard file); this is not a safetensors index.");
        var shards = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
            shards[name] = Path.Combine(dir, ShardName(index, name, value));
        return shards;
    }

    /// <summary>A shard must be a plain file name: a path would load weights from elsewhere than the model folder.</summary>
    private static string ShardName(string index, string tensor, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue(out string? file))
            throw new ModelFormatException(
                $"{index}: weight_map gives tensor '{tensor}' the value {value?.ToJsonString() ?? "null"}; each value must be the file " +
                "name of a shard, a string such as \"model-00001-of-00002.safetensors\".");
        if (file.Length == 0 || file is "." or ".." || file.IndexOfAny(['/', '\\', '\0']) >= 0 || Path.IsPathRooted(file))
            throw new ModelFormatException(
                $"{index}: weight_map puts tensor '{tensor}' in \"{file}\", which is not a plain file name; shards must lie in the model " +
                "folder next to the index (no directories, no absolute paths). Move the shard there and name just the file.");
        return file;
    }
}
