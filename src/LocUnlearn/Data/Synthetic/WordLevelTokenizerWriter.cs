using System.Text.Json;

namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// Writes a Hugging Face <c>tokenizer.json</c> with a WordLevel model for the synthetic world: whitespace split, then
/// every punctuation character isolated (HF's WhitespaceSplit + Punctuation pre-tokenizers), special tokens
/// <c>&lt;pad&gt;</c>=0, <c>&lt;unk&gt;</c>=1, <c>&lt;bos&gt;</c>=2, <c>&lt;eos&gt;</c>=3, and one id per word of the
/// world (ordinal order, so the file is deterministic). The world is ASCII, so splitting here matches the Rust side.
/// </summary>
internal static class WordLevelTokenizerWriter
{
    public static readonly string[] SpecialTokens = ["<pad>", "<unk>", "<bos>", "<eos>"];

    public static IEnumerable<string> PreTokenize(string text)
    {
        foreach (string chunk in text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            int start = 0;
            for (int i = 0; i < chunk.Length; i++)
            {
                if (char.IsPunctuation(chunk[i]) || char.IsSymbol(chunk[i]))
                {
                    if (i > start)
                        yield return chunk[start..i];
                    yield return chunk[i].ToString();
                    start = i + 1;
                }
            }
            if (start < chunk.Length)
                yield return chunk[start..];
        }
    }

    public static byte[] Write(IEnumerable<string> texts)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string text in texts)
            words.UnionWith(PreTokenize(text));
        words.ExceptWith(SpecialTokens);

        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var w = new Utf8JsonWriter(stream, options))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (int id = 0; id < SpecialTokens.Length; id++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WriteString("content", SpecialTokens[id]);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNull("normalizer");
            w.WriteStartObject("pre_tokenizer");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("pretokenizers");
            w.WriteStartObject();
            w.WriteString("type", "WhitespaceSplit");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "Punctuation");
            w.WriteString("behavior", "Isolated");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNull("post_processor");
            w.WriteNull("decoder");
            w.WriteStartObject("model");
            w.WriteString("type", "WordLevel");
            w.WriteStartObject("vocab");
            int next = 0;
            foreach (string special in SpecialTokens)
                w.WriteNumber(special, next++);
            foreach (string word in words)
                w.WriteNumber(word, next++);
            w.WriteEndObject();
            w.WriteString("unk_token", "<unk>");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
