using Tokenizers.DotNet;

namespace LocUnlearn.Text;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> run by the native <c>tokenizers</c> library (Tokenizers.DotNet).
/// The wrapper's <c>Encode</c> always applies the post-processor (e.g. Llama-3 prepends <c>&lt;|begin_of_text|&gt;</c>),
/// so the ids the post-processor adds are measured once on a probe and stripped when the caller asks for none.
/// Added tokens inside the text are matched by the native library itself (HF's added-vocabulary split).
/// </summary>
public sealed class HfTokenizer : ITokenizer, IDisposable
{
    private const string Probe = "a";

    private readonly Tokenizer _native;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly string?[] _idToToken;
    private readonly HashSet<int> _specialIds;
    private readonly Dictionary<int, string> _addedContent;
    private readonly int[] _postPrefix;
    private readonly int[] _postSuffix;

    private HfTokenizer(string path, Tokenizer native, HfTokenizerFile file)
    {
        Path = path;
        _native = native;
        _tokenToId = file.Vocabulary;
        _specialIds = file.AddedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        _addedContent = file.AddedTokens.ToDictionary(t => t.Id, t => t.Content);
        VocabSize = file.VocabSize;
        _idToToken = new string?[VocabSize];
        foreach ((string token, int id) in _tokenToId)
            _idToToken[id] = token;
        UnknownTokenId = file.UnknownToken is { } unk && _tokenToId.TryGetValue(unk, out int unkId) ? unkId : null;
        (_postPrefix, _postSuffix) = MeasurePostProcessorAffixes();
    }

    public string Path { get; }
    public int VocabSize { get; }
    public int? UnknownTokenId { get; }

    /// <summary>Ids of tokens marked <c>special</c> in <c>added_tokens</c> (skipped by <see cref="Decode"/> by default).</summary>
    public IReadOnlySet<int> SpecialIds => _specialIds;

    public static HfTokenizer Load(string tokenizerJsonPath)
    {
        if (!File.Exists(tokenizerJsonPath))
            throw new TokenizerFormatException($"{tokenizerJsonPath}: tokenizer file not found; point to a Hugging Face tokenizer.json.");
        HfTokenizerFile file = HfTokenizerFile.Read(tokenizerJsonPath);
        Tokenizer native;
        try
        {
            native = new Tokenizer(vocabPath: tokenizerJsonPath);
        }
        catch (Exception e)
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: the tokenizers library rejected the file ({e.Message}).", e);
        }
        return new HfTokenizer(tokenizerJsonPath, native, file);
    }

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = false)
    {
        int[] ids = EncodeNative(text);
        if (addSpecialTokens)
            return ids;
        int keep = ids.Length - _postPrefix.Length - _postSuffix.Length;
        return ids.AsSpan(_postPrefix.Length, keep).ToArray();
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        // Decode the runs between special tokens natively and write the special tokens ourselves, so the result does
        // not depend on the wrapper's own (unexposed) skip_special_tokens choice.
        var text = new System.Text.StringBuilder();
        var run = new List<uint>();
        foreach (int id in ids)
        {
            if (_specialIds.Contains(id))
            {
                Flush();
                if (!skipSpecialTokens)
                    text.Append(_addedContent[id]);
            }
            else
            {
                run.Add(checked((uint)id));
            }
        }
        Flush();
        return text.ToString();

        void Flush()
        {
            if (run.Count == 0)
                return;
            text.Append(_native.Decode(run.ToArray()));
            run.Clear();
        }
    }

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    /// <summary>The vocabulary entry or added token with this id (a byte-level token reads e.g. "Ġauthor"), or null.</summary>
    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public void Dispose() => _native.Dispose();

    private int[] EncodeNative(string text) => Array.ConvertAll(_native.Encode(text), id => checked((int)id));

    private (int[] Prefix, int[] Suffix) MeasurePostProcessorAffixes()
    {
        int[] empty = EncodeNative("");
        int[] probe = EncodeNative(Probe);
        for (int k = 0; k <= empty.Length; k++)
        {
            int[] prefix = empty[..k];
            int[] suffix = empty[k..];
            if (probe.Length > empty.Length && probe.AsSpan(0, k).SequenceEqual(prefix)
                && probe.AsSpan(probe.Length - suffix.Length).SequenceEqual(suffix))
                return (prefix, suffix);
        }
        throw new TokenizerFormatException(
            $"{Path}: cannot tell which ids the post-processor adds (empty text gives [{string.Join(", ", empty)}], " +
            $"'{Probe}' gives [{string.Join(", ", probe)}]).");
    }
}
