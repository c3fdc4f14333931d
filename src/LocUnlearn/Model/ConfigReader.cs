using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Model;

/// <summary>Reads and validates the fields of a HF config.json; rejects settings whose maths we do not implement.</summary>
internal sealed class ConfigReader(JsonObject obj, string source)
{
    public LlamaConfig Read()
    {
        var arch = ReadArchitecture();
        string act = String("hidden_act") ?? "silu";
        if (act != "silu")
            Fail($"hidden_act '{act}' is not supported (LLaMA-family models use 'silu').");
        if (obj["sliding_window"] is JsonNode sw && sw.GetValueKind() != JsonValueKind.Null && Bool("use_sliding_window") != false)
            Fail("sliding-window attention is not supported.");
        int hidden = RequiredInt("hidden_size");
        int heads = RequiredInt("num_attention_heads");
        int kvHeads = Int("num_key_value_heads") ?? heads;
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0)
            Fail($"num_attention_heads ({heads}) must be a positive multiple of num_key_value_heads ({kvHeads}).");
        int headDim = Int("head_dim")
            ?? (hidden % heads == 0 ? hidden / heads : Fail<int>("hidden_size must be divisible by num_attention_heads when head_dim is absent."));
        if (headDim % 2 != 0)
            Fail($"head_dim ({headDim}) must be even for rotary embeddings.");
        var config = new LlamaConfig
        {
            Architecture = arch,
            VocabSize = Positive("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = Positive("intermediate_size"),
            NumHiddenLayers = Positive("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = Double("rope_theta") ?? 10000.0,
            RopeScaling = ReadRopeScaling(),
            MaxPositionEmbeddings = Int("max_position_embeddings") ?? 2048,
            TieWordEmbeddings = Bool("tie_word_embeddings") ?? false,
            AttentionBias = Bool("attention_bias") ?? false,
            MlpBias = Bool("mlp_bias") ?? false,
            InitializerRange = Double("initializer_range") ?? 0.02,
            BosTokenId = Int("bos_token_id"),
            EosTokenIds = ReadEos(),
            PadTokenId = Int("pad_token_id"),
            Raw = obj,
        };
        if (arch == Architecture.Olmo2 && config.AttentionBias)
            Fail("OLMo2 with attention_bias is not supported.");
        return config;
    }

    Architecture ReadArchitecture()
    {
        string? modelType = String("model_type");
        string? archName = obj["architectures"] is JsonArray a && a.Count > 0
            ? StringOf(a[0]) ?? Fail<string>($"architectures[0] should be a string such as \"LlamaForCausalLM\", got {Text(a[0])}.")
            : null;
        string key = (archName ?? modelType ?? "").ToLowerInvariant();
        if (key is "llamaforcausallm" or "llama") return Architecture.Llama;
        if (key is "olmo2forcausallm" or "olmo2") return Architecture.Olmo2;
        return Fail<Architecture>(
            $"architecture '{archName ?? modelType ?? "(none)"}' is not supported; " +
            "LocUnlearn implements LlamaForCausalLM (LLaMA 2/3/3.1/3.2) and Olmo2ForCausalLM.");
    }

    Llama3RopeScaling? ReadRopeScaling()
    {
        if (obj["rope_scaling"] is not JsonObject rs)
            return null;
        var typeNode = rs["rope_type"] ?? rs["type"];
        string type = typeNode is null ? "(none)" : StringOf(typeNode) ?? Fail<string>($"rope_scaling.rope_type should be a string, got {Text(typeNode)}.");
        if (type == "default")
            return null;
        if (type != "llama3")
            Fail($"rope_scaling type '{type}' is not supported (only 'llama3').");
        double Get(string k) => rs[k] is JsonValue v && v.TryGetValue(out double d)
            ? d
            : Fail<double>(rs[k] is null ? $"rope_scaling.{k} is missing." : $"rope_scaling.{k} should be a number, got {Text(rs[k])}.");
        return new Llama3RopeScaling(Get("factor"), Get("low_freq_factor"), Get("high_freq_factor"),
            (int)Get("original_max_position_embeddings"));
    }

    IReadOnlyList<int> ReadEos() => obj["eos_token_id"] switch
    {
        JsonArray arr => arr.Select(TokenId).ToArray(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => [TokenId(v)],
        _ => [],
    };

    int TokenId(JsonNode? n) => n is JsonValue v && v.TryGetValue(out int id)
        ? id
        : Fail<int>($"eos_token_id should be a token id or a list of them, got {Text(n)}.");

    static string? StringOf(JsonNode? n) => n is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    static string Text(JsonNode? n) => n?.ToJsonString() ?? "null";

    int Positive(string key)
    {
        int v = RequiredInt(key);
        return v > 0 ? v : Fail<int>($"{key} must be positive, got {v}.");
    }

    int RequiredInt(string key) => Int(key) ?? Fail<int>($"required field '{key}' is missing.");

    int? Int(string key) => Get(key, JsonValueKind.Number, n => n.GetValue<int>());
    double? Double(string key) => Get(key, JsonValueKind.Number, n => n.GetValue<double>());
    bool? Bool(string key)
    {
        if (obj[key] is not JsonNode n || n.GetValueKind() == JsonValueKind.Null)
            return null;
        return n.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? n.GetValue<bool>()
            : Fail<bool>($"field '{key}' should be true or false, got {n.ToJsonString()}.");
    }
    string? String(string key) => obj[key] is JsonNode n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;

    T? Get<T>(string key, JsonValueKind kind, Func<JsonNode, T> read) where T : struct
    {
        if (obj[key] is not JsonNode n || n.GetValueKind() == JsonValueKind.Null)
            return null;
        if (n.GetValueKind() != kind)
            Fail($"field '{key}' should be {kind.ToString().ToLowerInvariant()}, got {n.GetValueKind().ToString().ToLowerInvariant()}.");
        try
        {
            return read(n);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return Fail<T>($"field '{key}' has an invalid value {n.ToJsonString()}.");
        }
    }

    void Fail(string message) => throw new ModelFormatException($"{source}: {message}");
    T Fail<T>(string message) => throw new ModelFormatException($"{source}: {message}");
}
