using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class ConfigAndKeysTests
{
    private const string Llama31_8B = """
    {"architectures":["LlamaForCausalLM"],"attention_bias":false,"attention_dropout":0.0,"bos_token_id":128000,
     "eos_token_id":[128001,128008,128009],"hidden_act":"silu","hidden_size":4096,"initializer_range":0.02,
     "intermediate_size":14336,"max_position_embeddings":131072,"mlp_bias":false,"model_type":"llama",
     "num_attention_heads":32,"num_hidden_layers":32,"num_key_value_heads":8,"pretraining_tp":1,"rms_norm_eps":1e-05,
     "rope_scaling":{"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192,"rope_type":"llama3"},
     "rope_theta":500000.0,"tie_word_embeddings":false,"torch_dtype":"bfloat16","transformers_version":"4.43.0.dev0",
     "use_cache":true,"vocab_size":128256}
    """;

    private const string Olmo2_7B = """
    {"architectures":["Olmo2ForCausalLM"],"attention_bias":false,"attention_dropout":0.0,"eos_token_id":100257,
     "hidden_act":"silu","hidden_size":4096,"initializer_range":0.02,"intermediate_size":11008,
     "max_position_embeddings":4096,"model_type":"olmo2","num_attention_heads":32,"num_hidden_layers":32,
     "num_key_value_heads":32,"pad_token_id":100277,"rms_norm_eps":1e-06,"rope_scaling":null,"rope_theta":500000,
     "tie_word_embeddings":false,"torch_dtype":"float32","use_cache":true,"vocab_size":100352}
    """;

    private static Dictionary<string, long[]> MetaShapes(LlamaConfig config)
    {
        using var model = new LlamaForCausalLM(config, device("meta"));
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
    }

    [Fact]
    public void Llama31_8B_HasHfKeysAndParameterCount()
    {
        var config = LlamaConfig.Parse(Llama31_8B, "config.json");
        Assert.Equal(Architecture.Llama, config.Architecture);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal([128001, 128008, 128009], config.EosTokenIds);
        Assert.Equal(458_752, config.ValueVectorCount);
        var shapes = MetaShapes(config);
        Assert.Equal(8_030_261_248L, shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
        var expected = new HashSet<string> { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" };
        for (int l = 0; l < 32; l++)
        {
            foreach (var p in new[] { "q", "k", "v", "o" }) expected.Add($"model.layers.{l}.self_attn.{p}_proj.weight");
            foreach (var p in new[] { "gate", "up", "down" }) expected.Add($"model.layers.{l}.mlp.{p}_proj.weight");
            expected.Add($"model.layers.{l}.input_layernorm.weight");
            expected.Add($"model.layers.{l}.post_attention_layernorm.weight");
        }
        Assert.Equal(expected.OrderBy(k => k), shapes.Keys.OrderBy(k => k));
        Assert.Equal([1024L, 4096], shapes["model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal([4096L, 14336], shapes["model.layers.31.mlp.down_proj.weight"]);
    }

    [Fact]
    public void Olmo2_7B_HasHfKeysAndParameterCount()
    {
        var config = LlamaConfig.Parse(Olmo2_7B, "config.json");
        Assert.Equal(Architecture.Olmo2, config.Architecture);
        var shapes = MetaShapes(config);
        Assert.Equal(7_298_617_344L, shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
        // HF modeling_olmo2: norms on the sublayer outputs (no input_layernorm), RMSNorm over the full q and k projections.
        var expected = new HashSet<string> { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" };
        for (int l = 0; l < 32; l++)
        {
            foreach (var p in new[] { "q", "k", "v", "o" }) expected.Add($"model.layers.{l}.self_attn.{p}_proj.weight");
            expected.Add($"model.layers.{l}.self_attn.q_norm.weight");
            expected.Add($"model.layers.{l}.self_attn.k_norm.weight");
            foreach (var p in new[] { "gate", "up", "down" }) expected.Add($"model.layers.{l}.mlp.{p}_proj.weight");
            expected.Add($"model.layers.{l}.post_attention_layernorm.weight");
            expected.Add($"model.layers.{l}.post_feedforward_layernorm.weight");
        }
        Assert.Equal(expected.OrderBy(k => k), shapes.Keys.OrderBy(k => k));
        Assert.Equal([4096L], shapes["model.layers.3.self_attn.q_norm.weight"]);
        Assert.Equal([4096L], shapes["model.layers.3.self_attn.k_norm.weight"]);
        Assert.Equal([4096L, 4096], shapes["model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal([4096L, 11008], shapes["model.layers.31.mlp.down_proj.weight"]);
        Assert.Equal([100352L, 4096], shapes["lm_head.weight"]);
    }

    [Fact]
    public void Llama31ConfigFieldsAreRead()
    {
        var config = LlamaConfig.Parse(Llama31_8B, "config.json");
        Assert.Equal(Architecture.Llama, config.Architecture);
        Assert.Equal(new Llama3RopeScaling(Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192), config.RopeScaling);
        Assert.Equal(500_000.0, config.RopeTheta);
        Assert.Equal(1e-5, config.RmsNormEps);
        Assert.Equal(128_000, config.BosTokenId);
        Assert.Equal([128001, 128008, 128009], config.EosTokenIds);
        Assert.Null(config.PadTokenId);
        Assert.Equal(128_256, config.VocabSize);
        Assert.Equal(4096, config.HiddenSize);
        Assert.Equal(14336, config.IntermediateSize);
        Assert.Equal(32, config.NumHiddenLayers);
        Assert.Equal(32, config.NumAttentionHeads);
        Assert.Equal(8, config.NumKeyValueHeads);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal(131_072, config.MaxPositionEmbeddings);
        Assert.Equal(0.02, config.InitializerRange);
        Assert.False(config.TieWordEmbeddings);
        Assert.False(config.AttentionBias);
        Assert.False(config.MlpBias);
    }

    [Theory]
    [InlineData("""{"architectures":["MistralForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10}""", "MistralForCausalLM")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"rope_scaling":{"type":"yarn","factor":2}}""", "yarn")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"hidden_act":"gelu"}""", "gelu")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10}""", "hidden_size")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":3,"num_key_value_heads":2,"vocab_size":10}""", "num_key_value_heads")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":"8","intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10}""", "hidden_size")]
    [InlineData("""{"architectures":["LlamaForCausalLM"], "hidden_size": """, "malformed")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"sliding_window":4096}""", "sliding-window attention is not supported")]
    [InlineData("""{"architectures":["Olmo2ForCausalLM"],"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"attention_bias":true}""", "OLMo2 with attention_bias is not supported")]
    public void UnsupportedOrBrokenConfigsAreRejectedWithTheReason(string json, string mention)
    {
        var e = Assert.Throws<ModelFormatException>(() => LlamaConfig.Parse(json, "/m/config.json"));
        Assert.Contains("/m/config.json", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void MalformedConfigNamesLineAndColumnInOurWords()
    {
        const string json = "{\"architectures\": [\"LlamaForCausalLM\"],\n \"hidden_size\": 8,}";

        var e = Assert.Throws<ModelFormatException>(() => LlamaConfig.Parse(json, "/m/config.json"));

        Assert.StartsWith("/m/config.json line 2, column 19: malformed JSON (a trailing comma before '}'", e.Message);
        Assert.DoesNotContain("BytePositionInLine", e.Message);
    }

    [Fact]
    public void DuplicateKeyAndInvalidUtf8InAConfigFileNameTheFile()
    {
        using var folder = new TempFolder();
        string dup = folder.File("dup.json", "{\"hidden_size\": 8,\n\"hidden_size\": 16}");
        Assert.StartsWith($"{dup} line 2, column 1: key \"hidden_size\" appears twice in one object",
            Assert.Throws<ModelFormatException>(() => LlamaConfig.Load(dup)).Message);

        string latin1 = Path.Combine(folder.Path, "latin1.json");
        File.WriteAllBytes(latin1, [.. "{\"model_type\": \"llama"u8, 0xE9, .. "\"}"u8]);
        Assert.StartsWith($"{latin1} line 1, byte offset 21: invalid UTF-8",
            Assert.Throws<ModelFormatException>(() => LlamaConfig.Load(latin1)).Message);
    }

    [Theory]
    [InlineData("\"architectures\":[3]", "architectures[0] should be a string such as \"LlamaForCausalLM\", got 3.")]
    [InlineData("\"architectures\":[\"LlamaForCausalLM\"],\"eos_token_id\":[2,\"x\"]", "eos_token_id should be a token id or a list of them, got \"x\".")]
    [InlineData("\"architectures\":[\"LlamaForCausalLM\"],\"rope_scaling\":{\"rope_type\":\"llama3\",\"factor\":\"8\"}",
        "rope_scaling.factor should be a number, got \"8\".")]
    public void WrongTypesInConfigFieldsAreNamed(string fields, string message)
    {
        string json = "{" + fields + ",\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"vocab_size\":10}";

        var e = Assert.Throws<ModelFormatException>(() => LlamaConfig.Parse(json, "/m/config.json"));

        Assert.Equal("/m/config.json: " + message, e.Message);
    }
}
