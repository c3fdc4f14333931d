using System.Text.Json.Nodes;
using LocUnlearn.Common;

namespace LocUnlearn.Model;

/// <summary>Which member of the LLaMA family a config describes; they differ in where the norms sit.</summary>
public enum Architecture
{
    /// <summary>LLaMA 2/3/3.1/3.2: pre-norm decoder (`input_layernorm`, `post_attention_layernorm`).</summary>
    Llama,
    /// <summary>OLMo2: norms on the sublayer outputs plus RMSNorm over full q and k projections.</summary>
    Olmo2,
}

/// <summary>llama3-type RoPE scaling (LLaMA 3.1/3.2): long wavelengths are stretched by <see cref="Factor"/>.</summary>
public sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings);

/// <summary>
/// The fields of a Hugging Face `config.json` that change the maths of a LLaMA-family decoder. The original JSON is
/// kept in <see cref="Raw"/> so a saved checkpoint carries every field the user's config had.
/// </summary>
public sealed record LlamaConfig
{
    public required Architecture Architecture { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public Llama3RopeScaling? RopeScaling { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public bool TieWordEmbeddings { get; init; }
    public bool AttentionBias { get; init; }
    public bool MlpBias { get; init; }
    public double InitializerRange { get; init; } = 0.02;
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public JsonObject Raw { get; init; } = new();

    /// <summary>Number of MLP value vectors: one per (layer, neuron), SPEC 1.</summary>
    public long ValueVectorCount => (long)NumHiddenLayers * IntermediateSize;

    public static LlamaConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException($"{path}: not found. A model folder needs a Hugging Face config.json.");
        return FromNode(StrictJson.ReadNode(path, m => new ModelFormatException(m)), path);
    }

    /// <summary>Parses a config.json; <paramref name="source"/> names the file in error messages.</summary>
    public static LlamaConfig Parse(string json, string source) =>
        FromNode(StrictJson.ParseNode(json, source, m => new ModelFormatException(m)), source);

    private static LlamaConfig FromNode(JsonNode? node, string source) =>
        new ConfigReader(node as JsonObject ?? throw new ModelFormatException($"{source}: expected a JSON object."), source).Read();

    /// <summary>The config.json to write next to a checkpoint: the original fields with ours updated.</summary>
    public JsonObject ToJson(string torchDtype)
    {
        var o = (JsonObject)Raw.DeepClone();
        o["architectures"] = new JsonArray(Architecture == Architecture.Olmo2 ? "Olmo2ForCausalLM" : "LlamaForCausalLM");
        o["model_type"] = Architecture == Architecture.Olmo2 ? "olmo2" : "llama";
        o["vocab_size"] = VocabSize;
        o["hidden_size"] = HiddenSize;
        o["intermediate_size"] = IntermediateSize;
        o["num_hidden_layers"] = NumHiddenLayers;
        o["num_attention_heads"] = NumAttentionHeads;
        o["num_key_value_heads"] = NumKeyValueHeads;
        o["head_dim"] = HeadDim;
        o["rms_norm_eps"] = RmsNormEps;
        o["rope_theta"] = RopeTheta;
        o["max_position_embeddings"] = MaxPositionEmbeddings;
        o["tie_word_embeddings"] = TieWordEmbeddings;
        o["attention_bias"] = AttentionBias;
        o["mlp_bias"] = MlpBias;
        o["initializer_range"] = InitializerRange;
        o["hidden_act"] = "silu";
        o["torch_dtype"] = torchDtype;
        if (BosTokenId is int bos) o["bos_token_id"] = bos;
        if (EosTokenIds.Count == 1) o["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Count > 1) o["eos_token_id"] = new JsonArray(EosTokenIds.Select(i => (JsonNode)i).ToArray());
        if (PadTokenId is int pad) o["pad_token_id"] = pad;
        if (RopeScaling is { } s)
            o["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = "llama3",
                ["factor"] = s.Factor,
                ["low_freq_factor"] = s.LowFreqFactor,
                ["high_freq_factor"] = s.HighFreqFactor,
                ["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings,
            };
        return o;
    }
}
