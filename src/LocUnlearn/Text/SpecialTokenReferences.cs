using System.Text.Json.Nodes;

namespace LocUnlearn.Text;

/// <summary>
/// The places outside the vocabulary that name tokens by string and id (post-processor, padding, tokenizer_config.json),
/// for <see cref="VocabularyTrimmer"/>: which tokens they need kept, and the same places with the renumbered ids.
/// </summary>
internal static class SpecialTokenReferences
{
    /// <summary>Tokens the post-processor adds, the padding token and tokenizer_config.json's *_token entries.</summary>
    public static IEnumerable<string> Named(JsonObject tokenizer, JsonObject? config)
    {
        var names = new List<string>();
        EachStep(tokenizer["post_processor"], step =>
        {
            names.AddRange(SpecialTokenEntries(step).SelectMany(e => e["tokens"]!.AsArray()).Select(t => t!.GetValue<string>()));
            names.AddRange(TokenIdPairs(step).Select(pair => pair[0]!.GetValue<string>()));
        });
        if (VocabularyTrimmer.Text((tokenizer["padding"] as JsonObject)?["pad_token"]) is { } pad)
            names.Add(pad);
        foreach ((string key, JsonNode? value) in config ?? [])
        {
            if (key.EndsWith("_token", StringComparison.Ordinal))
                names.AddRange(ConfigTokenText(value));
            else if (key == "additional_special_tokens" && value is JsonArray extra)
                names.AddRange(extra.SelectMany(ConfigTokenText));
        }
        return names;
    }

    /// <summary>
    /// A copy of the post-processor whose token ids follow <paramref name="idOf"/>: TemplateProcessing's
    /// special_tokens (ids from their tokens) and Bert/Roberta's [token, id] sep and cls pairs, inside Sequences too.
    /// </summary>
    public static JsonNode? RemapPostProcessor(JsonNode? postProcessor, IReadOnlyDictionary<string, int> idOf)
    {
        JsonNode? copy = postProcessor?.DeepClone();
        EachStep(copy, step =>
        {
            foreach (JsonObject entry in SpecialTokenEntries(step).ToList())
                entry["ids"] = new JsonArray(entry["tokens"]!.AsArray().Select(t => (JsonNode)idOf[t!.GetValue<string>()]).ToArray());
            foreach (JsonArray pair in TokenIdPairs(step).ToList())
                pair[1] = idOf[pair[0]!.GetValue<string>()];
        });
        return copy;
    }

    public static JsonNode? RemapPadding(JsonNode? padding, IReadOnlyDictionary<string, int> idOf)
    {
        JsonNode? copy = padding?.DeepClone();
        if (copy is JsonObject p && VocabularyTrimmer.Text(p["pad_token"]) is { } pad && idOf.TryGetValue(pad, out int id))
            p["pad_id"] = id;
        return copy;
    }

    /// <summary>
    /// The tokenizer_config.json to write beside the trimmed tokenizer: the source's, with added_tokens_decoder keyed by
    /// the new ids (chat template, named special tokens and everything else unchanged); without a source, a minimal one
    /// listing the added tokens.
    /// </summary>
    public static JsonObject RemapConfig(JsonObject? config, JsonArray addedTokens)
    {
        var decoder = new JsonObject();
        foreach (JsonObject token in addedTokens.Select(t => t!.AsObject()))
        {
            var entry = new JsonObject();
            foreach ((string key, JsonNode? value) in token)
            {
                if (key != "id")
                    entry[key] = value?.DeepClone();
            }
            decoder[token["id"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)] = entry;
        }
        if (config is null)
            return new JsonObject { ["added_tokens_decoder"] = decoder, ["tokenizer_class"] = "PreTrainedTokenizerFast" };
        var copy = new JsonObject();
        foreach ((string key, JsonNode? value) in config)
            copy[key] = key == "added_tokens_decoder" ? decoder : value?.DeepClone();
        return copy;
    }

    private static IEnumerable<string> ConfigTokenText(JsonNode? value) =>
        VocabularyTrimmer.Text(value) is { } text ? [text]
        : VocabularyTrimmer.Text((value as JsonObject)?["content"]) is { } content ? [content]
        : [];

    /// <summary>Calls <paramref name="visit"/> on the post-processor and on each step of a Sequence post-processor.</summary>
    private static void EachStep(JsonNode? node, Action<JsonObject> visit)
    {
        if (node is not JsonObject step)
            return;
        visit(step);
        foreach (JsonNode? inner in step["processors"] as JsonArray ?? [])
            EachStep(inner, visit);
    }

    /// <summary>TemplateProcessing's special_tokens entries ({id, ids, tokens}) of one post-processor step.</summary>
    private static IEnumerable<JsonObject> SpecialTokenEntries(JsonObject step) =>
        (step["special_tokens"] as JsonObject ?? []).Select(p => p.Value!.AsObject());

    /// <summary>Bert/Roberta processing's [token, id] pairs of one post-processor step.</summary>
    private static IEnumerable<JsonArray> TokenIdPairs(JsonObject step) =>
        new[] { "sep", "cls" }.Select(key => step[key]).OfType<JsonArray>().Where(pair => pair.Count == 2);
}
