using System.Text.Json.Nodes;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

/// <summary>
/// A hand-made byte-level BPE tokenizer.json (GPT-2 layout: ByteLevel pre-tokenizer with its regex, a BOS added by a
/// TemplateProcessing post-processor, ByteLevel decoder) whose vocabulary is the 256 byte symbols in byte order, then
/// each merge's result in merge order, then the added tokens &lt;s&gt; and &lt;/s&gt;.
/// Merges, by rank: a b, x y, ab c, Ġ ab, Ġab d, b c, c d, a bc. So "abc abd bc" encodes to abc | Ġabd | Ġ bc
/// (built through ab, ab c; Ġab, Ġabd; and bc), "xy cd" to xy | Ġ cd, and "a bc" (rank 7) is never applied because
/// a b (rank 0) always comes first.
/// </summary>
internal static class TinyByteLevelBpe
{
    public static readonly string[] Merges = ["a b", "x y", "ab c", "Ġ ab", "Ġab d", "b c", "c d", "a bc"];

    public static JsonObject Tokenizer()
    {
        var vocab = new JsonObject();
        int id = 0;
        foreach (string symbol in ByteLevelAlphabet.Symbols)
            vocab[symbol] = id++;
        foreach (string merge in Merges)
        {
            string result = merge.Replace(" ", "");
            if (!vocab.ContainsKey(result))
                vocab[result] = id++;
        }
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(Added("<s>", id), Added("</s>", id + 1)),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = JsonNode.Parse($$"""
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<s>", "type_id": 0} }, {"Sequence": {"id": "A", "type_id": 0} }],
                 "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0} }, {"Sequence": {"id": "A", "type_id": 0} },
                          {"Sequence": {"id": "B", "type_id": 1} }],
                 "special_tokens": {"<s>": {"id": "<s>", "ids": [{{id}}], "tokens": ["<s>"]} } }
                """),
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)m).ToArray()),
            },
        };
    }

    /// <summary>A tokenizer_config.json naming the added tokens by their ids in <see cref="Tokenizer"/>, with a chat template.</summary>
    public static JsonObject Config() => JsonNode.Parse("""
        {"added_tokens_decoder": {
            "263": {"content": "<s>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true},
            "264": {"content": "</s>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true}},
         "bos_token": "<s>", "eos_token": "</s>", "chat_template": "{{ bos_token }}{{ messages[0]['content'] }}</s>",
         "model_max_length": 1000000000000000019884624838656, "tokenizer_class": "PreTrainedTokenizerFast"}
        """)!.AsObject();

    /// <summary>Writes both files into <paramref name="folder"/> and returns the tokenizer.json path.</summary>
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), Config().ToJsonString());
        string path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, Tokenizer().ToJsonString());
        return path;
    }

    private static JsonObject Added(string content, int id) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
        ["normalized"] = false, ["special"] = true,
    };
}
