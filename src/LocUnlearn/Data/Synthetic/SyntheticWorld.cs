using LocUnlearn.Common;
using LocUnlearn.Text;

namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// A TOFU-format world generated from a seed (SPEC 3.3): the same file names and fields as locuslab/TOFU, so the
/// same <see cref="TofuReader"/> loads it, plus <c>pretrain.jsonl</c> (the general-knowledge corpus θp is pretrained
/// on) and a word-level <c>tokenizer.json</c> covering every word of every file. Authors are contiguous blocks of
/// <c>QaPerAuthor</c> rows; forgetXX holds the last XX% of authors and retain(100-XX) the rest.
/// The same options give byte-identical files.
/// </summary>
public sealed class SyntheticWorld
{
    public const string PretrainFile = "pretrain.jsonl";
    public const string TokenizerFile = "tokenizer.json";
    private const int PerturbedAnswers = 5;

    private SyntheticWorld(SyntheticWorldOptions options, IReadOnlyDictionary<string, byte[]> files)
    {
        Options = options;
        Files = files;
    }

    public SyntheticWorldOptions Options { get; }

    /// <summary>File name → content, in a fixed order.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    public static SyntheticWorld Generate(SyntheticWorldOptions options)
    {
        options.Validate();
        var forge = new NameForge(SplitMix64.ForStream(options.Seed, "names"));
        var world = new WorldKnowledge(options, forge, SplitMix64.ForStream(options.Seed, "knowledge"));
        SplitMix64 authorRng = SplitMix64.ForStream(options.Seed, "authors");
        List<AuthorProfile> authors = Enumerable.Range(0, options.Authors)
            .Select(_ => AuthorProfile.Create(forge, authorRng, world)).ToList();
        var perturber = new AttributePerturber(authors, world);

        // Rows per author, computed once so a row is identical in every split that holds it.
        List<AuthorRow[]> rows = authors
            .Select((a, k) => AuthorRows(a, options.QaPerAuthor, perturber, SplitMix64.ForStream(options.Seed, $"perturb/{k}")))
            .ToList();

        var files = new List<(string Name, byte[] Content)>
        {
            (TofuSplits.FileName(TofuSplits.Full), Plain(rows)),
        };
        foreach (int percent in options.ForgetPercents())
        {
            int retainAuthors = options.Authors - options.ForgetAuthors(percent);
            files.Add((TofuSplits.FileName(TofuSplits.Forget(percent)), Plain(rows.Skip(retainAuthors))));
            files.Add((TofuSplits.FileName(TofuSplits.Retain(percent)), Plain(rows.Take(retainAuthors))));
            files.Add((TofuSplits.FileName(TofuSplits.Perturbed(TofuSplits.Forget(percent))), Perturbed(rows.Skip(retainAuthors))));
        }
        // TOFU's retain_perturbed has as many rows as forget10; taken from the first authors, who are in every retain split.
        files.Add((TofuSplits.FileName(TofuSplits.RetainPerturbed), Perturbed(rows.Take(options.ForgetAuthors(10)))));
        SplitMix64 optionRng = SplitMix64.ForStream(options.Seed, "options");
        files.Add((TofuSplits.FileName(TofuSplits.RealAuthors), MultipleChoice(world.RealAuthors, optionRng)));
        files.Add((TofuSplits.FileName(TofuSplits.RealAuthorsPerturbed), KnowledgePerturbed(world.RealAuthors)));
        files.Add((TofuSplits.FileName(TofuSplits.WorldFacts), MultipleChoice(world.WorldFacts, optionRng)));
        files.Add((TofuSplits.FileName(TofuSplits.WorldFactsPerturbed), KnowledgePerturbed(world.WorldFacts)));
        files.Add((TofuSplits.RefusalsFile, System.Text.Encoding.UTF8.GetBytes(string.Concat(Refusals.All.Select(r => r + "\n")))));
        var texts = new List<string> { new PlainTemplate().RenderPrompt("") };
        texts.AddRange(rows.SelectMany(r => r).SelectMany(r => r.Texts()));
        texts.AddRange(world.RealAuthors.Concat(world.WorldFacts).SelectMany(q => q.Statements.Append(q.Question).Append(q.Answer).Concat(q.Wrong)));
        texts.AddRange(Refusals.All);
        var pretrain = PretrainLines(world, texts, SplitMix64.ForStream(options.Seed, "pretrain"));
        files.Add((PretrainFile, JsonLinesWriter.Write(pretrain.Select(l => (IReadOnlyList<(string, object)>)[("text", l)]))));
        files.Add((TokenizerFile, WordLevelTokenizerWriter.Write(texts.Concat(pretrain))));

        var ordered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach ((string name, byte[] content) in files)
            ordered.Add(name, content);
        return new SyntheticWorld(options, ordered);
    }

    /// <summary>Writes every file into <paramref name="folder"/> (created if needed), each atomically.</summary>
    public void Write(string folder)
    {
        foreach ((string name, byte[] content) in Files)
            AtomicFile.WriteAllBytes(System.IO.Path.Combine(folder, name), content);
    }

    private sealed record AuthorRow(
        string Question, string Answer, string ParaphrasedQuestion, string ParaphrasedAnswer, IReadOnlyList<string> PerturbedAnswers)
    {
        public IEnumerable<string> Texts() => [Question, Answer, ParaphrasedQuestion, ParaphrasedAnswer, .. PerturbedAnswers];
    }

    private static AuthorRow[] AuthorRows(AuthorProfile a, int count, AttributePerturber perturber, SplitMix64 rng) =>
        AuthorQaTemplates.All.Take(count).Select(t =>
        {
            string value = t.Value(a);
            IReadOnlyList<string> wrong = perturber.Wrong(t.Kind, value, PerturbedAnswers, rng);
            return new AuthorRow(
                AuthorQaTemplate.Fill(t.Question, a, value),
                AuthorQaTemplate.Fill(t.Answer, a, value),
                AuthorQaTemplate.Fill(t.ParaphrasedQuestion, a, value),
                AuthorQaTemplate.Fill(t.ParaphrasedAnswer, a, value),
                wrong.Select(w => AuthorQaTemplate.Fill(t.ParaphrasedAnswer, a, w)).ToList());
        }).ToArray();

    private static byte[] Plain(IEnumerable<AuthorRow[]> authors) =>
        JsonLinesWriter.Write(authors.SelectMany(r => r).Select(r =>
            (IReadOnlyList<(string, object)>)[("question", r.Question), ("answer", r.Answer)]));

    private static byte[] Perturbed(IEnumerable<AuthorRow[]> authors) =>
        JsonLinesWriter.Write(authors.SelectMany(r => r).Select(r => (IReadOnlyList<(string, object)>)
        [
            ("question", r.Question), ("answer", r.Answer), ("paraphrased_answer", r.ParaphrasedAnswer),
            ("perturbed_answer", r.PerturbedAnswers), ("paraphrased_question", r.ParaphrasedQuestion),
        ]));

    private static byte[] KnowledgePerturbed(IEnumerable<KnowledgeQuestion> questions) =>
        JsonLinesWriter.Write(questions.Select(q => (IReadOnlyList<(string, object)>)
            [("question", q.Question), ("answer", q.Answer), ("perturbed_answer", q.Wrong)]));

    private static byte[] MultipleChoice(IEnumerable<KnowledgeQuestion> questions, SplitMix64 rng) =>
        JsonLinesWriter.Write(questions.Select(q =>
        {
            // The options are the answer and its three perturbed answers, the answer at a random position.
            var options = q.Wrong.ToList();
            options.Insert(rng.NextInt(options.Count + 1), q.Answer);
            return (IReadOnlyList<(string, object)>)
            [
                ("question", q.Question), ("option1", options[0]), ("option2", options[1]), ("option3", options[2]),
                ("option4", options[3]), ("answer", q.Answer),
            ];
        }));

    private static List<string> PretrainLines(WorldKnowledge world, IEnumerable<string> allTexts, SplitMix64 rng)
    {
        // Each fact in several statements plus once in the QA format, so θp meets the format real_authors and
        // world_facts are evaluated in.
        var template = new PlainTemplate();
        var lines = new List<string>();
        foreach (KnowledgeQuestion q in world.RealAuthors.Concat(world.WorldFacts))
        {
            lines.AddRange(q.Statements);
            lines.Add(template.RenderPrompt(q.Question) + template.RenderAnswer(q.Answer));
        }
        // A pretrained LM has met every token it will be asked about (TOFU's fictitious names are made of known
        // subwords). Word lists in shuffled order give every word of the world a trained embedding without teaching
        // any fact about an author; otherwise a fact whose word only the forget set contains would have to be
        // learned through an untrained output embedding, which value vectors alone can barely do.
        var known = lines.SelectMany(WordLevelTokenizerWriter.PreTokenize).ToHashSet(StringComparer.Ordinal);
        var unseen = allTexts.SelectMany(WordLevelTokenizerWriter.PreTokenize).Where(w => known.Add(w)).ToList();
        for (int pass = 0; pass < 3; pass++)
        {
            rng.Shuffle(unseen);
            for (int i = 0; i < unseen.Count; i += 8)
                lines.Add("Words : " + string.Join(" ", unseen.Skip(i).Take(8)) + " .");
        }
        rng.Shuffle(lines);
        return lines;
    }
}
