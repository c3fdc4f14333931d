using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Text;

/// <summary>A text whose encoding the trimmed tokenizer does not reproduce: both token sequences and the trimmed decoding.</summary>
public sealed record TokenizationDifference(string Text, IReadOnlyList<string> Full, IReadOnlyList<string> Trimmed, string Decoded);

/// <summary>
/// How a trimmed tokenizer compares with the full one on some texts: how many differ, with the first few as examples.
/// <paramref name="NotRoundTripped"/> counts texts that do not decode back to themselves with either tokenizer (the
/// same decoding from both, so not a difference; byte-level BPE without a normalizer has none).
/// </summary>
public sealed record TokenizerComparison(int Texts, int Differing, int NotRoundTripped, IReadOnlyList<TokenizationDifference> Examples)
{
    public bool Identical => Differing == 0;
}

/// <summary>
/// Trims a tokenizer.json file to the texts it must keep encoding as before (the encodings come from the full
/// tokenizer itself, run by the native library, so pre-tokenization and added-token matching are HF's own), and
/// checks a trimmed tokenizer against the full one.
/// </summary>
public static class TokenizerTrimming
{
    /// <summary>
    /// Encodes every text with the full tokenizer (post-processor tokens included) and trims its file to those
    /// encodings; the tokenizer_config.json beside the file, when there is one, is carried over with the new ids.
    /// </summary>
    public static VocabularyTrim Trim(HfTokenizer full, IEnumerable<string> texts)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (string text in texts)
            used.UnionWith(Tokens(full, full.Encode(text, addSpecialTokens: true)));
        string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(full.Path))!, VocabularyTrim.ConfigFileName);
        try
        {
            return VocabularyTrimmer.Trim(ReadObject(full.Path), File.Exists(configPath) ? ReadObject(configPath) : null, used);
        }
        catch (TokenizerFormatException e)
        {
            throw new TokenizerFormatException($"{full.Path}: {e.Message}", e);
        }
    }

    /// <summary>Throws <see cref="TokenizerFormatException"/> naming the file unless it is a tokenizer.json <see cref="Trim"/>
    /// can trim (byte-level BPE with the whole byte alphabet).</summary>
    public static void RequireTrimmable(string tokenizerJsonPath)
    {
        try
        {
            VocabularyTrimmer.RequireTrimmable(ReadObject(tokenizerJsonPath));
        }
        catch (TokenizerFormatException e) when (!e.Message.StartsWith(tokenizerJsonPath, StringComparison.Ordinal))
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: {e.Message}", e);
        }
    }

    public static VocabularyTrim Trim(string tokenizerJsonPath, IEnumerable<string> texts)
    {
        using HfTokenizer full = HfTokenizer.Load(tokenizerJsonPath);
        return Trim(full, texts);
    }

    /// <summary>
    /// Trims <paramref name="full"/> to <paramref name="texts"/>, writes the result into <paramref name="folder"/>, and
    /// loads it back to check that every text keeps its tokens and decodes back. A failed check is a bug of the trimmer
    /// (an exception naming the first texts), and the written files are removed so nothing unchecked is left.
    /// </summary>
    public static VocabularyTrim TrimTo(HfTokenizer full, IReadOnlyCollection<string> texts, string folder)
    {
        string outFolder = Path.GetFullPath(folder);
        if (outFolder.TrimEnd(Path.DirectorySeparatorChar) == Path.GetDirectoryName(Path.GetFullPath(full.Path)))
            throw new ArgumentException($"{folder} holds the source tokenizer; write the trimmed one into another folder.", nameof(folder));
        VocabularyTrim trim = Trim(full, texts);
        trim.Write(outFolder);
        TokenizerComparison check;
        using (HfTokenizer trimmed = HfTokenizer.Load(Path.Combine(outFolder, VocabularyTrim.TokenizerFileName)))
            check = Compare(full, trimmed, texts);
        if (check.Identical)
            return trim;
        File.Delete(Path.Combine(outFolder, VocabularyTrim.TokenizerFileName));
        File.Delete(Path.Combine(outFolder, VocabularyTrim.ConfigFileName));
        throw new InvalidOperationException(
            $"the trimmed tokenizer encodes {check.Differing} of {check.Texts} texts differently from {full.Path} (files removed); first: " +
            string.Join("; ", check.Examples.Take(3).Select(d => $"'{d.Text}': [{string.Join(" ", d.Full)}] vs [{string.Join(" ", d.Trimmed)}]")));
    }

    /// <summary>
    /// Encodes each text with both tokenizers and compares token strings, and the trimmed tokenizer's decoding with the
    /// text (or, for a text the full tokenizer does not round-trip either, with the full tokenizer's decoding). What the
    /// post-processor adds around every text (Llama-3's BOS) is compared once, on the empty text. Ids are not compared:
    /// the trimmed tokenizer renumbers them.
    /// </summary>
    public static TokenizerComparison Compare(HfTokenizer full, HfTokenizer trimmed, IEnumerable<string> texts, int keepExamples = 10)
    {
        var examples = new List<TokenizationDifference>();
        int differing = 0;
        string[] fullAffixes = Tokens(full, full.Encode("", addSpecialTokens: true));
        string[] trimmedAffixes = Tokens(trimmed, trimmed.Encode("", addSpecialTokens: true));
        if (!fullAffixes.SequenceEqual(trimmedAffixes, StringComparer.Ordinal))
        {
            differing++;
            examples.Add(new TokenizationDifference("", fullAffixes, trimmedAffixes, ""));
        }
        int count = 0, notRoundTripped = 0;
        foreach (string text in texts)
        {
            count++;
            IReadOnlyList<int> fullIds = full.Encode(text), trimmedIds = trimmed.Encode(text);
            string decoded = trimmed.Decode(trimmedIds, skipSpecialTokens: false);
            bool sameDecoding = decoded == text;
            if (!sameDecoding && decoded == full.Decode(fullIds, skipSpecialTokens: false))
            {
                notRoundTripped++;
                sameDecoding = true;
            }
            string[] fullTokens = Tokens(full, fullIds), trimmedTokens = Tokens(trimmed, trimmedIds);
            if (sameDecoding && fullTokens.SequenceEqual(trimmedTokens, StringComparer.Ordinal))
                continue;
            if (++differing <= keepExamples)
                examples.Add(new TokenizationDifference(text, fullTokens, trimmedTokens, decoded));
        }
        return new TokenizerComparison(count, differing, notRoundTripped, examples);
    }

    private static string[] Tokens(HfTokenizer tokenizer, IReadOnlyList<int> ids) =>
        ids.Select(id => tokenizer.IdToToken(id) ?? throw new TokenizerFormatException($"{tokenizer.Path}: id {id} has no token.")).ToArray();

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new TokenizerFormatException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }
}
