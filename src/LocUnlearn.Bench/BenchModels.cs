using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>Random-weight models for the device cases: the same weights on the CPU and on another device.</summary>
public static class BenchModels
{
    /// <summary>
    /// A small LLaMA-3-shaped config: grouped-query attention (4 heads, 2 KV heads), llama3 RoPE scaling, untied
    /// output projection; init std 0.1 so logits spread (differences then show in the digits that matter).
    /// </summary>
    public static LlamaConfig SmallLlama3() => new()
    {
        Architecture = Architecture.Llama, VocabSize = 512, HiddenSize = 128, IntermediateSize = 344, NumHiddenLayers = 3,
        NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 32, RmsNormEps = 1e-5, RopeTheta = 500000,
        RopeScaling = new Llama3RopeScaling(8, 1, 4, 64), MaxPositionEmbeddings = 1024, InitializerRange = 0.1,
        BosTokenId = 1, EosTokenIds = [2], PadTokenId = 0,
    };

    /// <summary>A small OLMo2-shaped config: norms after the sublayers, RMSNorm over full q and k, tied embeddings.</summary>
    public static LlamaConfig SmallOlmo2() => SmallLlama3() with
    {
        Architecture = Architecture.Olmo2, RopeScaling = null, RopeTheta = 10000, TieWordEmbeddings = true, RmsNormEps = 1e-6,
    };

    /// <summary>A model of <paramref name="config"/> on <paramref name="device"/>, random (HF init) from <paramref name="seed"/>:
    /// drawn on the CPU in fp32, so every device and dtype starts from the same weights (rounded once to the dtype).</summary>
    public static LlamaForCausalLM Random(LlamaConfig config, long seed, Device device, ScalarType dtype)
    {
        using var cpu = new LlamaForCausalLM(config);
        cpu.InitializeWeights(seed);
        return CopyOf(cpu, device, dtype);
    }

    /// <summary>A new model on <paramref name="device"/> in <paramref name="dtype"/> holding <paramref name="source"/>'s weights.</summary>
    public static LlamaForCausalLM CopyOf(LlamaForCausalLM source, Device device, ScalarType dtype)
    {
        var copy = new LlamaForCausalLM(source.Config, device, dtype);
        var weights = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, p) in copy.named_parameters())
            p.copy_(weights[name]);
        return copy;
    }

    /// <summary>
    /// A model drawn directly on the device (HF init with that device's generator): for sizes where a CPU copy would
    /// cost minutes and twice the memory (1B and 8B configs), when only the shape matters.
    /// </summary>
    public static LlamaForCausalLM RandomOnDevice(LlamaConfig config, long seed, Device device, ScalarType dtype)
    {
        var model = new LlamaForCausalLM(config, device, dtype);
        model.InitializeWeights(seed);
        return model;
    }

    public static Device ParseDevice(string spec) => DeviceSpec.Parse(spec);

    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"bench: unknown --dtype '{name}'; use float32 or bfloat16."),
    };
}
