using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>Tiny random models for numerics tests (CPU, fixed seed).</summary>
internal static class TinyModels
{
    public static LlamaConfig Config(Architecture arch = Architecture.Llama, bool tied = false, int kvHeads = 2,
        Llama3RopeScaling? scaling = null, int layers = 2, int vocab = 40, bool bias = false) => new()
    {
        Architecture = arch,
        VocabSize = vocab,
        HiddenSize = 16,
        IntermediateSize = 24,
        NumHiddenLayers = layers,
        NumAttentionHeads = 4,
        NumKeyValueHeads = kvHeads,
        HeadDim = 4,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        RopeScaling = scaling,
        MaxPositionEmbeddings = 128,
        TieWordEmbeddings = tied,
        AttentionBias = bias,
        MlpBias = bias,
        InitializerRange = 0.2, // larger than HF's 0.02 so that tiny random models have peaked, distinct logits
        BosTokenId = 1,
        EosTokenIds = [2],
        PadTokenId = 0,
    };

    public static LlamaForCausalLM Create(LlamaConfig config, long seed = 1)
    {
        var model = new LlamaForCausalLM(config);
        model.InitializeWeights(seed);
        if (config.AttentionBias || config.MlpBias)
        {
            using var _ = no_grad();
            var g = new Generator((ulong)seed + 7);
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith(".bias")))
                p.normal_(0, 0.1, g);
        }
        // Give norms non-trivial weights so a misplaced norm shows in the logits.
        using (no_grad())
        {
            var g = new Generator((ulong)seed + 3);
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith("norm.weight")))
                p.uniform_(0.5, 1.5, g);
        }
        return model;
    }

    public static Tensor Ids(params long[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
}
