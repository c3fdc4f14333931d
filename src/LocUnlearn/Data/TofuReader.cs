using LocUnlearn.Common;

namespace LocUnlearn.Data;

/// <summary>
/// Loads the splits of a TOFU-format folder (the real locuslab/TOFU files or the synthetic world) as typed rows,
/// validating every row. A duplicate (question, answer) row is an error; the same question with a different answer is
/// accepted with a warning, because the real full.json asks "What is the full name of the author?" twice (rows 101
/// and 441) with two different answers.
/// </summary>
public sealed class TofuReader
{
    public TofuReader(string folder)
    {
        if (!Directory.Exists(folder))
            throw new TofuFormatException($"{folder}: data folder not found; point to a folder of TOFU files (e.g. from `locunlearn data synth`).");
        Folder = folder;
    }

    public string Folder { get; }

    public string PathOf(string split) => System.IO.Path.Combine(Folder, TofuSplits.FileName(split));

    public bool Has(string split) => File.Exists(PathOf(split));

    public TofuSplit<QaItem> LoadQa(string split) =>
        Load(split, f => new QaItem(f.String("question"), f.String("answer"), new SourceLine(f.Path, f.Line)),
            item => (item.Question, item.Answer, item.Source));

    /// <summary>
    /// A perturbed split, refused if its row count differs from its base split's (<see cref="TofuSplits.BaseOf"/>) when
    /// that file is present: a truth ratio over half the forget set is a different number, not a warning.
    /// </summary>
    public TofuSplit<PerturbedQaItem> LoadPerturbed(string split)
    {
        bool paraphrased = TofuSplits.HasParaphrases(split);
        int perturbedCount = TofuSplits.PerturbedAnswerCount(split);
        var loaded = Load(split, f => new PerturbedQaItem(
                f.String("question"),
                f.String("answer"),
                f.Strings("perturbed_answer", perturbedCount),
                paraphrased ? f.String("paraphrased_question") : null,
                paraphrased ? f.String("paraphrased_answer") : null,
                new SourceLine(f.Path, f.Line)),
            item => (item.Question, item.Answer, item.Source));
        if (TofuSplits.BaseOf(split) is { } baseSplit && Has(baseSplit))
        {
            int baseRows = JsonRecordReader.Read(PathOf(baseSplit)).Count;
            if (baseRows != loaded.Count)
                throw new TofuFormatException(
                    $"{loaded.Path} has {loaded.Count} rows but its base split {PathOf(baseSplit)} has {baseRows}; a perturbed split holds " +
                    "one row for each row of its base split. The file is incomplete or belongs to another split: download or generate it again.");
        }
        return loaded;
    }

    public TofuSplit<MultipleChoiceItem> LoadMultipleChoice(string split) =>
        Load(split, f =>
            {
                string[] options = [f.String("option1"), f.String("option2"), f.String("option3"), f.String("option4")];
                string answer = f.String("answer");
                if (!options.Contains(answer, StringComparer.Ordinal))
                    throw new TofuFormatException($"{f.Where}: the answer '{answer}' is none of option1..option4.");
                return new MultipleChoiceItem(f.String("question"), options, answer, new SourceLine(f.Path, f.Line));
            },
            item => (item.Question, item.Answer, item.Source));

    /// <summary>The refusal strings of <c>idontknow.jsonl</c>: plain text, one a line (blank lines skipped).</summary>
    public IReadOnlyList<string> LoadRefusals()
    {
        string path = System.IO.Path.Combine(Folder, TofuSplits.RefusalsFile);
        RequireFile(path);
        byte[] bytes = File.ReadAllBytes(path);
        Utf8Text.Require(bytes, path, m => new TofuFormatException(m));
        var refusals = JsonRecordReader.Lines(path, bytes, Utf8Text.BomLength(bytes))
            .Select(l => Utf8Text.Decode(bytes.AsSpan(l.Start, l.Length)).Trim()).ToList();
        if (refusals.Count == 0)
            throw new TofuFormatException($"{path}: no refusal strings; the file needs one refusal a line.");
        return refusals;
    }

    /// <summary>
    /// The texts of the pretraining corpus (<c>pretrain.jsonl</c>, one <c>{"text": ...}</c> a line, with line numbers),
    /// read as strictly as the splits: UTF-8 checked, no record over 1 MB (a 40 MB line took minutes and GBs to
    /// tokenize before it was cut to data.max_length anyway).
    /// </summary>
    public IReadOnlyList<(string Text, int Line)> LoadCorpus() => LoadCorpus(CorpusPath);

    /// <summary>A pretraining corpus elsewhere than the folder's (the tofu preset builds one into RUN/data).</summary>
    public IReadOnlyList<(string Text, int Line)> LoadCorpus(string path)
    {
        RequireFile(path);
        return JsonRecordReader.Read(path, CorpusRowSize).Select(r => (new TofuRowFields(r.Row, path, r.Line).String("text", allowEmpty: true), r.Line))
            .ToList();
    }

    public string CorpusPath => System.IO.Path.Combine(Folder, Synthetic.SyntheticWorld.PretrainFile);

    private const string CorpusRowSize = "a corpus line is one passage (at most data.max_length tokens of it are used), so a line break " +
                                         "between records is missing or this is not a pretraining corpus.";

    /// <summary>Loads a forget split and its retain split and checks they share no (question, answer) row.</summary>
    public (TofuSplit<QaItem> Forget, TofuSplit<QaItem> Retain) LoadForgetRetain(string forget = "forget10", string retain = "retain90")
    {
        TofuSplit<QaItem> f = LoadQa(forget);
        TofuSplit<QaItem> r = LoadQa(retain);
        CheckDisjoint(f, r);
        return (f, r);
    }

    public static void CheckDisjoint(TofuSplit<QaItem> forget, TofuSplit<QaItem> retain)
    {
        var forgetRows = forget.Items.ToDictionary(i => (i.Question, i.Answer), i => i.Source);
        foreach (QaItem item in retain.Items)
        {
            if (forgetRows.TryGetValue((item.Question, item.Answer), out SourceLine? twin))
                throw new TofuFormatException(
                    $"{item.Source.File} line {item.Source.Line}: this retain row is also forget row {twin}; forget and " +
                    "retain splits must be disjoint (pair forgetXX with retain(100-XX)).");
        }
    }

    private TofuSplit<T> Load<T>(string split, Func<TofuRowFields, T> parse, Func<T, (string Question, string Answer, SourceLine Source)> key)
    {
        string path = PathOf(split);
        RequireFile(path);
        var items = new List<T>();
        var warnings = new List<string>();
        var seen = new Dictionary<string, (string Answer, SourceLine Source)>(StringComparer.Ordinal);
        foreach ((System.Text.Json.JsonElement row, int line) in JsonRecordReader.Read(path))
        {
            T item = parse(new TofuRowFields(row, path, line));
            (string question, string answer, SourceLine source) = key(item);
            if (seen.TryGetValue(question, out var first))
            {
                if (first.Answer == answer)
                    throw new TofuFormatException(
                        $"{path} line {line}: duplicate question (same question and answer as line {first.Source.Line}); remove one.");
                warnings.Add($"{source}: question also asked at line {first.Source.Line} with a different answer.");
            }
            else
            {
                seen[question] = (answer, source);
            }
            items.Add(item);
        }
        if (items.Count == 0)
            throw new TofuFormatException($"{path}: no rows; the split must hold at least one JSON object.");
        return new TofuSplit<T>(split, path, items, warnings);
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
            throw new TofuFormatException($"{path}: file not found; a TOFU folder holds {TofuSplits.FileName("<split>")} files and {TofuSplits.RefusalsFile}.");
    }
}
