using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Common;

namespace LocUnlearn.Text;

/// <summary>
/// A trimmed tokenizer (<see cref="VocabularyTrimmer"/>): its tokenizer.json and tokenizer_config.json, and the sizes
/// before and after. Vocabulary sizes count ids (largest id + 1, added tokens included), as the embedding table does.
/// </summary>
/// <param name="UsedTokens">Distinct tokens the full tokenizer produced on the texts (before intermediate merge products).</param>
public sealed record VocabularyTrim(
    JsonObject Tokenizer, JsonObject Config, int VocabBefore, int VocabAfter, int MergesBefore, int MergesAfter,
    int AddedTokens, int UsedTokens)
{
    public const string TokenizerFileName = "tokenizer.json";
    public const string ConfigFileName = "tokenizer_config.json";

    // HF writes tokenizer files indented and with the byte-level symbols (Ġ, Ċ) as they are, not as \u escapes.
    private static readonly JsonSerializerOptions FileOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="folder"/>, each atomically.</summary>
    public void Write(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, TokenizerFileName), Tokenizer.ToJsonString(FileOptions));
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFileName), Config.ToJsonString(FileOptions));
    }
}
