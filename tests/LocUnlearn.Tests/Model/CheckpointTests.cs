using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public sealed class CheckpointTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("locunlearn-ckpt-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(Architecture.Llama, false, 5L << 30)]
    [InlineData(Architecture.Llama, true, 4000L)]    // tiny shard limit: many shards plus an index
    [InlineData(Architecture.Olmo2, false, 5L << 30)]
    public void SaveThenLoadGivesBitIdenticalLogits(Architecture arch, bool tied, long shardBytes)
    {
        using var model = TinyModels.Create(TinyModels.Config(arch, tied));
        ModelFolder.Save(model, dir, shardBytes);
        Assert.Equal(shardBytes < 1 << 20, File.Exists(Path.Combine(dir, ModelFolder.IndexFile)));
        using var loaded = ModelFolder.Load(dir);
        var ids = TinyModels.Ids([1, 5, 9, 3, 17]);
        using var a = model.forward(ids);
        using var b = loaded.forward(ids);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Bf16CheckpointRoundTrips()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        ModelFolder.Save(model, dir, dtype: ScalarType.BFloat16);
        using var loaded = ModelFolder.Load(dir, new ModelLoadOptions(DType: ScalarType.BFloat16));
        Assert.Equal(ScalarType.BFloat16, loaded.DType);
        var expected = model.model.embed_tokens.weight!.to(ScalarType.BFloat16).to(ScalarType.Float32).data<float>().ToArray();
        Assert.Equal(expected, loaded.model.embed_tokens.weight!.to(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void MissingUnexpectedAndMisShapedTensorsAreListed()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var tensors = model.state_dict().Where(kv => kv.Key != "model.layers.1.mlp.up_proj.weight")
            .Select(kv => kv.Key == "model.layers.0.mlp.down_proj.weight" ? (kv.Key, zeros(16, 20)) : (kv.Key, kv.Value))
            .Append(("model.layers.9.extra.weight", zeros(2)))
            .ToList();
        SafeTensorsFile.Write(Path.Combine(dir, ModelFolder.SingleFile), tensors);
        File.WriteAllText(Path.Combine(dir, ModelFolder.ConfigFile), model.Config.ToJson("float32").ToJsonString());
        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(dir));
        Assert.Contains("missing (1): model.layers.1.mlp.up_proj.weight", e.Message);
        Assert.Contains("unexpected (1): model.layers.9.extra.weight", e.Message);
        Assert.Contains("model.layers.0.mlp.down_proj.weight: checkpoint [16, 20], model [16, 24]", e.Message);
    }

    [Fact]
    public void PickleCheckpointsAreRefused()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        File.WriteAllText(Path.Combine(dir, ModelFolder.ConfigFile), model.Config.ToJson("float32").ToJsonString());
        File.WriteAllBytes(Path.Combine(dir, "pytorch_model.bin"), [1, 2, 3]);
        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(dir));
        Assert.Contains("Pickle", e.Message);
    }
}
