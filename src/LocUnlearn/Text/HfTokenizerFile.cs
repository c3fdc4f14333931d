using System.Text.Json;
using LocUnlearn.Common;

namespace LocUnlearn.Text;

/// <summary>One entry of <c>added_tokens</c> in a <c>tokenizer.json</c>.</summary>
public sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>
/// What the pipeline reads from <c>tokenizer.json</c> itself, because the native wrapper exposes only encode/decode:
/// the token → id map (model vocabulary plus added tokens), the added tokens and the unknown token.
/// </summary>
internal sealed record HfTokenizerFile(
    Dictionary<string, int> Vocabulary, IReadOnlyList<AddedToken> AddedTokens, string? UnknownToken, int VocabSize)
{
    public static HfTokenizerFile Read(string path)
    {
        try
        {
            using JsonDocument doc = StrictJson.ReadDocument(path, m => new TokenizerFormatException(m));
            JsonElement root = doc.RootElement;
            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            string? unknown = null;
            if (root.TryGetProperty("model", out JsonElement model))
            {
                if (model.TryGetProperty("vocab", out JsonElement vocab))
                    ReadVocab(vocab, vocabulary);
                if (model.TryGetProperty("unk_token", out JsonElement unk) && unk.ValueKind == JsonValueKind.String)
                    unknown = unk.GetString();
                if (model.TryGetProperty("unk_id", out JsonElement unkId) && unkId.ValueKind == JsonValueKind.Number)
                    unknown = vocabulary.FirstOrDefault(kv => kv.Value == unkId.GetInt32()).Key;
            }
            var added = new List<AddedToken>();
            if (root.TryGetProperty("added_tokens", out JsonElement addedTokens))
            {
                foreach (JsonElement t in addedTokens.EnumerateArray())
                {
                    var token = new AddedToken(
                        t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString()!,
                        t.TryGetProperty("special", out JsonElement s) && s.GetBoolean());
                    added.Add(token);
                    vocabulary[token.Content] = token.Id;
                }
            }
            int size = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
            return new HfTokenizerFile(vocabulary, added, unknown, size);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new TokenizerFormatException($"{path}: not a valid Hugging Face tokenizer.json ({e.Message}).", e);
        }
    }

    private static void ReadVocab(JsonElement vocab, Dictionary<string, int> into)
    {
        if (vocab.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in vocab.EnumerateObject())
                into[p.Name] = p.Value.GetInt32();
        }
        else if (vocab.ValueKind == JsonValueKind.Array)
        {
            // Unigram: a list of [piece, score]; the id is the position.
            int id = 0;
            foreach (JsonElement entry in vocab.EnumerateArray())
                into[entry[0].GetString()!] = id++;
        }
    }
}
