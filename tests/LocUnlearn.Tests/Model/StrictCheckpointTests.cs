using System.Text;
using System.Text.Json.Nodes;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// Model folders whose weights do not say what they claim: an integer dtype over float bytes, shards that disagree with
/// weight_map, weight_map entries pointing outside the folder. Each is refused with a message naming file and tensor.
/// </summary>
public sealed class StrictCheckpointTests : IDisposable
{
    private const string Down0 = "model.layers.0.mlp.down_proj.weight";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Dir => folder.Path;
    private string IndexPath => Path.Combine(Dir, ModelFolder.IndexFile);

    private static ModelFormatException Refused(string dir) => Assert.Throws<ModelFormatException>(() => ModelFolder.Load(dir).Dispose());

    /// <summary>A tiny model saved in shards of at most 4000 bytes (about a tensor each) with an index.</summary>
    private JsonObject SaveSharded()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        ModelFolder.Save(model, Dir, maxShardBytes: 4000);
        return JsonNode.Parse(File.ReadAllText(IndexPath))!.AsObject();
    }

    private JsonObject WeightMap(JsonObject index) => index["weight_map"]!.AsObject();

    private void WriteIndex(JsonObject index) => File.WriteAllText(IndexPath, index.ToJsonString());

    [Fact]
    public void IntegerDtypeOverFloatBytesOfTheSameLengthIsRefused()
    {
        using (var model = TinyModels.Create(TinyModels.Config()))
            ModelFolder.Save(model, Dir);
        string file = Path.Combine(Dir, ModelFolder.SingleFile);
        byte[] bytes = File.ReadAllBytes(file);
        // I32 and F32 are both 4 bytes: the ranges stay exact and only the dtype lies. Same-length edit, same header length.
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToInt64(bytes));
        int at = header.IndexOf($"\"{Down0}\":{{\"dtype\":\"F32\"", StringComparison.Ordinal);
        Assert.True(at >= 0, header);
        bytes[8 + header.IndexOf("F32", at, StringComparison.Ordinal)] = (byte)'I';
        File.WriteAllBytes(file, bytes);

        var e = Refused(Dir);

        Assert.Equal($"{file}: tensor '{Down0}' is stored as I32, but a model's weights are floating point (F32, F16, BF16 or F64); " +
                     "the header's dtype does not describe the data. Save or download the checkpoint again.", e.Message);
    }

    [Fact]
    public void ValidShardsStillLoadBitIdentically()
    {
        SaveSharded();
        using var model = TinyModels.Create(TinyModels.Config());
        using var loaded = ModelFolder.Load(Dir);

        var ids = TinyModels.Ids([1, 5, 9]);
        Assert.Equal(model.forward(ids).data<float>().ToArray(), loaded.forward(ids).data<float>().ToArray());
    }

    [Fact]
    public void TensorInTwoShardsIsRefused()
    {
        var map = WeightMap(SaveSharded());
        string first = Path.Combine(Dir, map[Down0]!.GetValue<string>());
        string other = Path.Combine(Dir, map.First(kv => kv.Value!.GetValue<string>() != map[Down0]!.GetValue<string>()).Value!.GetValue<string>());
        CopyTensorInto(first, Down0, other);

        var e = Refused(Dir);

        Assert.Contains($"tensor '{Down0}' is also in", e.Message);
        Assert.Contains(first, e.Message);
        Assert.Contains(other, e.Message);
    }

    [Fact]
    public void WeightMapThatDisagreesWithTheShardsIsRefused()
    {
        var index = SaveSharded();
        var map = WeightMap(index);
        // A tensor whose shard holds others too, so the shard is still read after the tensor is mapped elsewhere.
        string name = map.GroupBy(kv => kv.Value!.GetValue<string>()).First(g => g.Count() >= 2).First().Key;
        string real = map[name]!.GetValue<string>();
        string wrong = map.Select(kv => kv.Value!.GetValue<string>()).First(f => f != real);
        map[name] = wrong;
        WriteIndex(index);
        Assert.Contains($"{real}: tensor '{name}' is in this shard, but {IndexPath}'s weight_map puts it in {wrong}", Refused(Dir).Message);

        map[name] = real;
        map["model.layers.0.mlp.extra.weight"] = real;
        WriteIndex(index);
        Assert.Contains($"{IndexPath}: weight_map puts tensor 'model.layers.0.mlp.extra.weight' in {real}, but that shard does not contain it",
            Refused(Dir).Message);
    }

    [Theory]
    [InlineData("../x.safetensors")]
    [InlineData("/tmp/x.safetensors")]
    [InlineData("sub/x.safetensors")]
    [InlineData("..")]
    public void ShardOutsideTheModelFolderIsRefused(string shard)
    {
        var index = SaveSharded();
        WeightMap(index)[Down0] = shard;
        WriteIndex(index);

        var e = Refused(Dir);

        Assert.Equal($"{IndexPath}: weight_map puts tensor '{Down0}' in \"{shard}\", which is not a plain file name; shards must lie in " +
                     "the model folder next to the index (no directories, no absolute paths). Move the shard there and name just the file.",
            e.Message);
    }

    [Fact]
    public void NonStringWeightMapValueIsRefused()
    {
        var index = SaveSharded();
        WeightMap(index)[Down0] = 3;
        WriteIndex(index);

        Assert.Contains($"{IndexPath}: weight_map gives tensor '{Down0}' the value 3; each value must be the file name of a shard",
            Refused(Dir).Message);
    }

    [Fact]
    public void TruncatedShardIsRefused()
    {
        var map = WeightMap(SaveSharded());
        string shard = Path.Combine(Dir, map[Down0]!.GetValue<string>());
        byte[] bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..^4]);

        Assert.Matches(
            $@"^{System.Text.RegularExpressions.Regex.Escape(shard)}: tensor '[^']+' has data_offsets \[\d+, \d+\] beyond the data section \(\d+ bytes\): " +
            "the file is truncated",
            Refused(Dir).Message);
    }

    /// <summary>Rewrites <paramref name="target"/> with its tensors plus <paramref name="name"/> copied from <paramref name="source"/>.</summary>
    private static void CopyTensorInto(string source, string name, string target)
    {
        using var scope = NewDisposeScope();
        List<(string, Tensor)> tensors;
        using (var from = SafeTensorsFile.Open(source))
        using (var to = SafeTensorsFile.Open(target))
            tensors = [.. to.Entries.Keys.Select(k => (k, to.Read(k))), (name, from.Read(name))];
        SafeTensorsFile.Write(target, tensors);
    }
}
