using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Text;

/// <summary>
/// Cuts a byte-level BPE <c>tokenizer.json</c> down to what some texts need, so that those texts encode to the same token
/// strings as with the full tokenizer while any other text still encodes (through the 256 byte symbols). This is what
/// makes a real tokenizer affordable on a CPU: Llama-3's 128k-row output projection dwarfs a small model.
/// Kept: the byte alphabet; every token the full tokenizer produced on the texts and every symbol BPE creates on the way
/// to it (<see cref="BpeMergeRanks.Products"/>); every added token; the tokens the post-processor, the padding and
/// tokenizer_config.json name. A merge is kept when both its parts and its result are kept, in its original rank order.
/// Why the texts' encodings cannot change: on each pre-token word BPE applies the lowest-ranked merge present; the kept
/// merges still hold every merge the full tokenizer applied to those words, and a subset of the merges, in the same
/// order, offers no lower-ranked alternative, so each word goes through the same merges. With <c>ignore_merges</c> a
/// word found whole in the vocabulary is one token: the trimmed vocabulary has it exactly when the word was a used token.
/// Ids are renumbered densely in their original order, so added tokens stay after the model vocabulary.
/// </summary>
public static class VocabularyTrimmer
{
    /// <param name="tokenizer">A parsed tokenizer.json; left unchanged.</param>
    /// <param name="config">The folder's parsed tokenizer_config.json, or null when it has none; left unchanged.</param>
    /// <param name="usedTokens">The token strings the full tokenizer produced on every text that must keep its encoding.</param>
    public static VocabularyTrim Trim(JsonObject tokenizer, JsonObject? config, IEnumerable<string> usedTokens)
    {
        JsonObject model = RequireByteLevelBpe(tokenizer);
        Dictionary<string, int> vocab = model["vocab"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
        string[] missing = ByteLevelAlphabet.Symbols.Where(s => !vocab.ContainsKey(s)).ToArray();
        if (missing.Length > 0)
            throw new TokenizerFormatException(
                $"the vocabulary lacks {missing.Length} of the 256 byte-level symbols (e.g. '{missing[0]}'), so trimmed text could not always encode.");
        List<JsonObject> added = (tokenizer["added_tokens"] as JsonArray ?? []).Select(t => t!.AsObject()).ToList();
        JsonArray mergeEntries = model["merges"]!.AsArray();
        List<BpeMerge> merges = mergeEntries.Select(BpeMerge.Parse).ToList();
        var used = usedTokens.ToHashSet(StringComparer.Ordinal);

        HashSet<string> kept = KeptVocabulary(vocab, merges, added.Select(Content).ToHashSet(StringComparer.Ordinal),
            used.Concat(SpecialTokenReferences.Named(tokenizer, config)));
        Dictionary<string, int> idOf = NewIds(kept, vocab, added);
        var newVocab = new JsonObject(kept.OrderBy(t => idOf[t]).Select(t => KeyValuePair.Create(t, (JsonNode?)idOf[t])));
        var newMerges = new JsonArray(Enumerable.Range(0, merges.Count)
            .Where(i => kept.Contains(merges[i].Left) && kept.Contains(merges[i].Right) && kept.Contains(merges[i].Result))
            .Select(i => mergeEntries[i]!.DeepClone()).ToArray());
        var newAdded = new JsonArray(added.Select(t => (JsonNode)WithId(t, idOf[Content(t)])).ToArray());

        JsonObject trimmed = CopyWith(tokenizer, new()
        {
            ["added_tokens"] = newAdded,
            ["post_processor"] = SpecialTokenReferences.RemapPostProcessor(tokenizer["post_processor"], idOf),
            ["padding"] = SpecialTokenReferences.RemapPadding(tokenizer["padding"], idOf),
            ["model"] = CopyWith(model, new() { ["vocab"] = newVocab, ["merges"] = newMerges }),
        });
        int before = vocab.Values.Concat(added.Select(Id)).Max() + 1;
        int after = idOf.Values.Distinct().Count();
        return new VocabularyTrim(trimmed, SpecialTokenReferences.RemapConfig(config, newAdded), before, after,
            merges.Count, newMerges.Count, added.Count, used.Count);
    }

    /// <summary>
    /// The model vocabulary entries to keep: the byte alphabet, each required token with the symbols BPE builds on the
    /// way to it, and added tokens that are also vocabulary entries (GPT-2's &lt;|endoftext|&gt;; no merges built for them).
    /// </summary>
    private static HashSet<string> KeptVocabulary(Dictionary<string, int> vocab, List<BpeMerge> merges, HashSet<string> addedContents,
        IEnumerable<string> required)
    {
        var ranks = new BpeMergeRanks(merges);
        var kept = new HashSet<string>(ByteLevelAlphabet.Symbols, StringComparer.Ordinal);
        foreach (string token in required.Where(t => vocab.ContainsKey(t) && !addedContents.Contains(t)))
            kept.UnionWith(ranks.Products(token).Where(vocab.ContainsKey));
        kept.UnionWith(addedContents.Where(vocab.ContainsKey));
        return kept;
    }

    /// <summary>New id of every kept token and added token: the rank of its old id among all kept old ids.</summary>
    private static Dictionary<string, int> NewIds(HashSet<string> kept, Dictionary<string, int> vocab, List<JsonObject> added)
    {
        Dictionary<int, int> newIdOf = kept.Select(t => vocab[t]).Concat(added.Select(Id)).Distinct().Order()
            .Select((old, i) => (old, i)).ToDictionary(p => p.old, p => p.i);
        var idOf = kept.ToDictionary(t => t, t => newIdOf[vocab[t]], StringComparer.Ordinal);
        foreach (JsonObject t in added)
            idOf[Content(t)] = newIdOf[Id(t)];
        return idOf;
    }

    /// <summary>Throws <see cref="TokenizerFormatException"/> (saying why) unless <see cref="Trim"/> can trim this tokenizer.json:
    /// a byte-level BPE model holding all 256 byte symbols. Checked before a run trains anything.</summary>
    public static void RequireTrimmable(JsonObject tokenizer)
    {
        JsonObject model = RequireByteLevelBpe(tokenizer);
        var vocab = model["vocab"]!.AsObject();
        string[] missing = ByteLevelAlphabet.Symbols.Where(s => !vocab.ContainsKey(s)).ToArray();
        if (missing.Length > 0)
            throw new TokenizerFormatException(
                $"the vocabulary lacks {missing.Length} of the 256 byte-level symbols (e.g. '{missing[0]}'), so trimmed text could not always encode.");
    }

    private static JsonObject RequireByteLevelBpe(JsonObject tokenizer)
    {
        const string Supported = "vocabulary trimming supports byte-level BPE tokenizers (GPT-2, Llama-3 style: a BPE model and a ByteLevel pre-tokenizer)";
        if (tokenizer["model"] is not JsonObject model || Text(model["type"]) != "BPE")
            throw new TokenizerFormatException($"{Supported}; this model is {Text((tokenizer["model"] as JsonObject)?["type"]) ?? "of no known type"}.");
        if (model["vocab"] is not JsonObject || model["merges"] is not JsonArray)
            throw new TokenizerFormatException($"{Supported}; this BPE model has no vocab object or merges list.");
        if (!HasByteLevel(tokenizer["pre_tokenizer"]))
            throw new TokenizerFormatException($"{Supported}; this one has no ByteLevel pre-tokenizer.");
        if (!string.IsNullOrEmpty(Text(model["continuing_subword_prefix"])) || !string.IsNullOrEmpty(Text(model["end_of_word_suffix"])))
            throw new TokenizerFormatException($"{Supported}; subword prefixes and word suffixes are not supported.");
        if (model["dropout"] is JsonValue dropout && dropout.GetValueKind() == JsonValueKind.Number && dropout.GetValue<double>() > 0)
            throw new TokenizerFormatException("BPE dropout makes encodings random, so no trimmed vocabulary can reproduce them; remove model.dropout.");
        return model;
    }

    private static bool HasByteLevel(JsonNode? preTokenizer) => preTokenizer is JsonObject p
        && (Text(p["type"]) == "ByteLevel" || (p["pretokenizers"] is JsonArray steps && steps.Any(HasByteLevel)));

    /// <summary>A copy of <paramref name="source"/> with some properties replaced, in the source's property order.</summary>
    private static JsonObject CopyWith(JsonObject source, Dictionary<string, JsonNode?> replacements)
    {
        var copy = new JsonObject();
        foreach ((string key, JsonNode? value) in source)
            copy[key] = replacements.TryGetValue(key, out JsonNode? replacement) ? replacement : value?.DeepClone();
        return copy;
    }

    private static JsonObject WithId(JsonObject addedToken, int id)
    {
        var copy = addedToken.DeepClone().AsObject();
        copy["id"] = id;
        return copy;
    }

    private static int Id(JsonObject addedToken) => addedToken["id"]!.GetValue<int>();

    private static string Content(JsonObject addedToken) => addedToken["content"]!.GetValue<string>();

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
