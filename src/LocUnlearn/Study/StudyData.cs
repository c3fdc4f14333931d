using System.Security.Cryptography;
using LocUnlearn.Data;
using LocUnlearn.Config;
using LocUnlearn.Text;

namespace LocUnlearn.Study;

/// <summary>
/// Everything the study reads from a TOFU-format folder, tokenized once: forget/retain splits, refusals, the
/// pretraining corpus (synthetic world), and a hash of the data so stage records can tell when it changed.
/// </summary>
public sealed class StudyData : IDisposable
{
    private StudyData(string folder, TofuReader reader, HfTokenizer tokenizer, PromptEncoder encoder,
        TofuSplit<QaItem> forget, TofuSplit<QaItem> retain, string pretrainCorpusPath)
    {
        Folder = folder;
        PretrainCorpusPath = pretrainCorpusPath;
        Reader = reader;
        Tokenizer = tokenizer;
        Encoder = encoder;
        ForgetSplit = forget;
        RetainSplit = retain;
        Forget = encoder.EncodeAll(forget.Items);
        Retain = encoder.EncodeAll(retain.Items);
        Hash = HashFiles([forget.Path, retain.Path]);
    }

    public string Folder { get; }
    public TofuReader Reader { get; }
    public HfTokenizer Tokenizer { get; }
    public PromptEncoder Encoder { get; }
    public TofuSplit<QaItem> ForgetSplit { get; }
    public TofuSplit<QaItem> RetainSplit { get; }
    public IReadOnlyList<EncodedExample> Forget { get; }
    public IReadOnlyList<EncodedExample> Retain { get; }
    /// <summary>SHA-256 over the forget and retain files.</summary>
    public string Hash { get; }
    /// <summary>θp's pretraining corpus: the synthetic world's general-knowledge corpus, or one built from a TOFU folder into the
    /// run directory (RunData); real TOFU folders have none of their own.</summary>
    public string PretrainCorpusPath { get; }
    /// <summary>The name stage records give the pretraining corpus among the data hashes.</summary>
    public const string PretrainCorpusName = "pretrain";
    public int PadId => Tokenizer.TokenToId("<pad>") ?? 0;
    public Collator Collator => new(PadId);
    public IReadOnlyCollection<long> EosIds => [Encoder.EosId];

    /// <param name="modelFolder">a user's θp folder: its tokenizer.json and chat template are the defaults</param>
    /// <param name="pretrainCorpus">θp's corpus (default: the folder's pretrain.jsonl)</param>
    public static StudyData Load(string folder, DataConfig config, string? modelFolder, string? pretrainCorpus = null)
    {
        var reader = new TofuReader(folder);
        string tokenizerPath = config.Tokenizer
            ?? (modelFolder is not null && File.Exists(Path.Combine(modelFolder, "tokenizer.json"))
                ? Path.Combine(modelFolder, "tokenizer.json")
                : Path.Combine(folder, "tokenizer.json"));
        if (!File.Exists(tokenizerPath))
            throw new ConfigException($"{tokenizerPath}: tokenizer not found; set data.tokenizer or put tokenizer.json in the model folder.");
        var tokenizer = HfTokenizer.Load(tokenizerPath);
        var template = config.Template == "auto"
            ? (modelFolder is not null ? ChatTemplates.Detect(modelFolder, tokenizer) : PlainTemplate.For(tokenizer))
            : ChatTemplates.Get(config.Template, tokenizer);
        var encoder = new PromptEncoder(tokenizer, template, config.MaxLength);
        var (forget, retain) = reader.LoadForgetRetain(config.ForgetSplit, config.RetainSplit);
        return new StudyData(folder, reader, tokenizer, encoder, forget, retain,
            pretrainCorpus ?? Path.Combine(folder, Data.Synthetic.SyntheticWorld.PretrainFile));
    }

    /// <summary>
    /// The forget and retain answers cut to data.max_length (the encoder's policy: answer tokens from the right, the
    /// prompt and EOS kept), as one warning line naming the first items; null when none was cut.
    /// </summary>
    public string? TruncationWarning()
    {
        var cut = Encoder.TruncatedItems;
        if (cut.Count == 0)
            return null;
        string first = string.Join(", ", cut.Take(3)) + (cut.Count > 3 ? ", ..." : "");
        return $"warning: {cut.Count} of {Forget.Count + Retain.Count} forget/retain answers were cut to data.max_length = " +
               $"{Encoder.MaxLength} tokens ({first}); raise data.max_length to keep them whole.";
    }

    /// <summary>
    /// The general-knowledge corpus θp is pretrained on (synthetic world): each line + EOS, all labelled. A line longer
    /// than data.max_length keeps its first max_length - 1 tokens and EOS (as answers do); such lines are counted and
    /// reported through <paramref name="warn"/>.
    /// </summary>
    public IReadOnlyList<EncodedExample> PretrainCorpus(Action<string>? warn = null)
    {
        string path = PretrainCorpusPath;
        if (!File.Exists(path))
            throw new ConfigException(path == Reader.CorpusPath ? MissingCorpus(Folder) :
                $"{path}: no pretraining corpus. θp is pretrained on the synthetic world's corpus, or on one built from TOFU " +
                "(data.pretrain_corpus = \"tofu\", the tofu preset, written into RUN/data); otherwise pass --model (your θp).");
        var examples = new List<EncodedExample>();
        int cut = 0;
        foreach (var (text, _) in Reader.LoadCorpus(path))
        {
            var tokens = Tokenizer.Encode(text);
            if (tokens.Count + 1 > Encoder.MaxLength)
                cut++;
            var ids = tokens.Take(Encoder.MaxLength - 1).Select(i => (long)i).Append(Encoder.EosId).ToArray();
            var labels = (long[])ids.Clone();
            labels[0] = EncodedExample.IgnoreIndex; // nothing predicts the first token
            examples.Add(new EncodedExample(ids, labels, 1));
        }
        if (cut > 0)
            warn?.Invoke($"warning: {cut} of {examples.Count} lines of {path} were cut to data.max_length = {Encoder.MaxLength} tokens " +
                         "(first tokens and EOS kept); raise data.max_length to keep them whole.");
        return examples;
    }

    /// <summary>What reads the pretraining corpus, and what to do when a data folder (real TOFU) has none.</summary>
    public static string MissingCorpus(string folder) =>
        $"{Path.Combine(folder, Data.Synthetic.SyntheticWorld.PretrainFile)}: not found. The synthetic world's general-knowledge corpus is read to " +
        "pretrain θp (no --model given) and to replay while training θr (retain_corpus_replay > 0) or injecting θo (inject.corpus_replay > 0); " +
        "real TOFU has none. With --model, set retain_corpus_replay and inject.corpus_replay to 0 in a --config file, or put a pretrain.jsonl " +
        "({\"text\": ...} a line) in the data folder.";

    /// <summary>Per-file SHA-256 of what a stage read, by split name, for its record's <c>data_hashes</c> (read only when a
    /// stage writes its record, not on every load of the data).</summary>
    public Dictionary<string, string> SplitHashes(bool forget, bool retain, bool pretrainCorpus)
    {
        var hashes = new Dictionary<string, string>();
        if (forget) hashes[ForgetSplit.Name] = HashFiles([ForgetSplit.Path]);
        if (retain) hashes[RetainSplit.Name] = HashFiles([RetainSplit.Path]);
        if (pretrainCorpus) hashes[PretrainCorpusName] = HashFiles([PretrainCorpusPath]);
        return hashes;
    }

    /// <summary>SHA-256 of the tokenizer file (read when asked: stage fingerprints and records).</summary>
    public string TokenizerHash() => HashFiles([Tokenizer.Path]);

    /// <summary>SHA-256 over the files' bytes in order, streamed: an 8B model's safetensors shards are ~5 GB each, more
    /// than one array holds.</summary>
    public static string HashFiles(IEnumerable<string> paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var p in paths)
        {
            using var stream = File.OpenRead(p);
            for (int n; (n = stream.Read(buffer, 0, buffer.Length)) > 0;)
                sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    public void Dispose() => Tokenizer.Dispose();
}
