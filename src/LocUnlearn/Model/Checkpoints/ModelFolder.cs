using LocUnlearn.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>
/// A Hugging Face model folder: config.json plus model.safetensors or a sharded model.safetensors.index.json
/// (and usually tokenizer.json). Loading is strict: every tensor the architecture needs must be present with its
/// shape, and nothing else.
/// </summary>
public static class ModelFolder
{
    public const string ConfigFile = "config.json";
    public const string SingleFile = CheckpointFiles.SingleFile;
    public const string IndexFile = CheckpointFiles.IndexFile;

    public static LlamaForCausalLM Load(string dir, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        if (!Directory.Exists(dir))
            throw new ModelFormatException($"{dir}: model folder not found.");
        var config = LlamaConfig.Load(Path.Combine(dir, ConfigFile));
        var files = CheckpointFiles.Find(dir);
        var model = new LlamaForCausalLM(config, options.TorchDevice, options.DType);
        try
        {
            LoadWeights(model, files);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>
    /// Every check <see cref="Load"/> makes (config.json, the safetensors headers and shards, keys, shapes, dtypes, no
    /// NaN or inf), without keeping the weights: the model is built on the meta device and each tensor is read, checked
    /// and dropped in turn. A study runs it before it writes config.json, so a damaged --model costs seconds and the
    /// corrected rerun is not refused as "a different config"; the price is one extra read of the weights.
    /// </summary>
    public static void Verify(string dir)
    {
        if (!Directory.Exists(dir))
            throw new ModelFormatException($"{dir}: model folder not found.");
        var config = LlamaConfig.Load(Path.Combine(dir, ConfigFile));
        using var model = new LlamaForCausalLM(config, device("meta"));
        ReadEach(model, CheckpointFiles.Find(dir), (file, name, source, _) => RequireFinite(source, file, name));
    }

    /// <summary>The safetensors files of a folder (<see cref="CheckpointFiles.Find"/>).</summary>
    public static IReadOnlyList<string> WeightFiles(string dir) => CheckpointFiles.Find(dir).Files;

    /// <summary>Copies checkpoint tensors into the model's parameters, checking keys and shapes first.</summary>
    public static void LoadWeights(LlamaForCausalLM model, CheckpointFiles files)
    {
        using var _ = no_grad();
        ReadEach(model, files, (file, name, source, target) =>
        {
            target.copy_(source.to(target.dtype, target.device));
            RequireFinite(target, file, name);
        });
    }

    /// <summary>Checks the checkpoint against the model's tensors (keys, shapes, floating point), then hands each
    /// checkpoint tensor with its model tensor to <paramref name="use"/>, one at a time.</summary>
    private static void ReadEach(LlamaForCausalLM model, CheckpointFiles files, Action<string, string, Tensor, Tensor> use)
    {
        var opened = new List<SafeTensorsFile>();
        try
        {
            foreach (string file in files.Files)
                opened.Add(SafeTensorsFile.Open(file));
            var expected = model.state_dict();
            var available = files.Locate(opened);
            var problems = new List<string>();
            var missing = expected.Keys.Where(k => !available.ContainsKey(k)).ToList();
            // Tied models may still carry lm_head.weight; old LLaMA-2 files carry rotary inv_freq buffers.
            var unexpected = available.Keys.Where(k => !expected.ContainsKey(k)
                && !(k == "lm_head.weight" && model.Config.TieWordEmbeddings)
                && !k.EndsWith("rotary_emb.inv_freq")).ToList();
            var misShaped = expected.Where(kv => available.TryGetValue(kv.Key, out var f)
                    && !f.Entries[kv.Key].Shape.SequenceEqual(kv.Value.shape))
                .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", available[kv.Key].Entries[kv.Key].Shape)}], " +
                    $"model [{string.Join(", ", kv.Value.shape)}]")
                .ToList();
            if (missing.Count > 0) problems.Add($"missing ({missing.Count}): {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", ..." : "")}");
            if (unexpected.Count > 0)
                problems.Add($"unexpected ({unexpected.Count}): {string.Join(", ", unexpected.Take(20))}{(unexpected.Count > 20 ? ", ..." : "")}");
            if (misShaped.Count > 0) problems.Add($"mis-shaped ({misShaped.Count}): {string.Join("; ", misShaped.Take(20))}");
            if (problems.Count > 0)
                throw new ModelFormatException(
                    $"{Path.GetDirectoryName(files.Files[0])}: checkpoint does not match config.json " +
                    $"({model.Config.Architecture}, {model.Config.NumHiddenLayers} layers):\n  " +
                    string.Join("\n  ", problems) + "\nCheck that config.json belongs to these weights.");
            RequireFloatingPoint(expected.Keys, available);
            foreach (var (name, target) in expected)
            {
                using var scope = NewDisposeScope();
                use(available[name].Path, name, available[name].Read(name), target);
            }
        }
        finally
        {
            foreach (var f in opened) f.Dispose();
        }
    }

    /// <summary>A NaN or inf weight would surface much later as a non-finite loss that looks like a learning-rate problem.</summary>
    private static void RequireFinite(Tensor weights, string file, string name)
    {
        if (!isfinite(weights).all().item<bool>())
            throw new ModelFormatException($"{file}: tensor '{name}' holds NaN or infinite values; the checkpoint is damaged (or was saved " +
                                           "from a run that diverged). Save or download it again.");
    }

    /// <summary>
    /// Every weight of the model is floating point; an integer dtype in the header (I32 over F32 bytes has the same
    /// length) would be converted number by number into garbage weights, so it is refused.
    /// </summary>
    private static void RequireFloatingPoint(IEnumerable<string> names, IReadOnlyDictionary<string, SafeTensorsFile> available)
    {
        foreach (string name in names)
        {
            var file = available[name];
            string dtype = file.Entries[name].DType;
            if (!SafeTensorsFile.IsFloatingPoint(dtype))
                throw new ModelFormatException(
                    $"{file.Path}: tensor '{name}' is stored as {dtype}, but a model's weights are floating point (F32, F16, BF16 or F64); " +
                    "the header's dtype does not describe the data. Save or download the checkpoint again.");
        }
    }

    /// <summary>
    /// Writes config.json and the weights (one file, or shards of at most <paramref name="maxShardBytes"/> with an
    /// index). Files are written under temporary names and renamed, so a crash never leaves a file that looks whole.
    /// </summary>
    public static void Save(LlamaForCausalLM model, string dir, long maxShardBytes = 5L << 30, ScalarType? dtype = null)
    {
        Directory.CreateDirectory(dir);
        var tensors = model.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
        var saveDtype = dtype ?? model.DType;
        using var scope = NewDisposeScope();
        var converted = tensors.Select(t => (t.Key, t.Value.dtype == saveDtype ? t.Value : t.Value.to(saveDtype))).ToList();
        var shards = new List<List<(string, Tensor)>> { new() };
        long current = 0;
        foreach (var (name, t) in converted)
        {
            long bytes = checked(t.numel() * t.ElementSize);
            if (current > 0 && checked(current + bytes) > maxShardBytes)
            {
                shards.Add(new());
                current = 0;
            }
            shards[^1].Add((name, t));
            current = checked(current + bytes);
        }
        DiskSpace.Require(dir, converted.Sum(t => checked(t.Item2.numel() * t.Item2.ElementSize)), "saving the model");
        var written = new List<(string Tmp, string Final)>();
        if (shards.Count == 1)
        {
            written.Add(WriteShard(dir, SingleFile, shards[0]));
        }
        else
        {
            var weightMap = new JsonObject();
            long total = 0;
            for (int i = 0; i < shards.Count; i++)
            {
                string file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                written.Add(WriteShard(dir, file, shards[i]));
                foreach (var (name, t) in shards[i])
                {
                    weightMap[name] = file;
                    total = checked(total + t.numel() * t.ElementSize);
                }
            }
            var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
            written.Add(WriteText(dir, IndexFile, index.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        }
        string dtypeName = saveDtype switch { ScalarType.BFloat16 => "bfloat16", ScalarType.Float16 => "float16", _ => "float32" };
        written.Add(WriteText(dir, ConfigFile, model.Config.ToJson(dtypeName).ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        foreach (var (tmp, final) in written)
            File.Move(tmp, final, overwrite: true);
    }

    private static (string, string) WriteShard(string dir, string file, List<(string, Tensor)> tensors)
    {
        string final = Path.Combine(dir, file);
        string temporary = AtomicFile.TemporaryFor(final);
        SafeTensorsFile.Write(temporary, tensors);
        return (temporary, final);
    }

    private static (string, string) WriteText(string dir, string file, string text)
    {
        string final = Path.Combine(dir, file);
        string temporary = AtomicFile.TemporaryFor(final);
        File.WriteAllText(temporary, text);
        return (temporary, final);
    }
}
