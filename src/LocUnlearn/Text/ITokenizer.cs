namespace LocUnlearn.Text;

/// <summary>
/// A tokenizer as the pipeline needs it. Special tokens written inside the text (e.g. the Llama-3 chat template's
/// <c>&lt;|start_header_id|&gt;</c>) always map to their single ids; <paramref name="addSpecialTokens"/> only controls
/// what the tokenizer's post-processor adds around the text (e.g. a BOS).
/// </summary>
public interface ITokenizer
{
    /// <summary>Largest id + 1 over the vocabulary and the added tokens (the embedding table size it needs).</summary>
    int VocabSize { get; }

    IReadOnlyList<int> Encode(string text, bool addSpecialTokens = false);

    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true);

    /// <summary>The id of a vocabulary entry or added token, or null when it has none.</summary>
    int? TokenToId(string token);

    /// <summary>The id the tokenizer uses for unknown words, or null when it has none (byte-level BPE).</summary>
    int? UnknownTokenId { get; }
}
