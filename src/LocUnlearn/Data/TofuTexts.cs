using LocUnlearn.Text;

namespace LocUnlearn.Data;

/// <summary>A question and a text the study trains or scores as its answer.</summary>
public sealed record QaText(string Question, string Answer);

/// <summary>
/// Every text the study reads from a TOFU folder, for what must see all of it (trimming a tokenizer to TOFU): the
/// questions and paraphrased questions of every split present, and each answer-like text with the question the study
/// asks it under: answers, paraphrased and perturbed answers, multiple-choice options, and the refusals of
/// idontknow.jsonl (each with a question in turn, as IdkPO/DPO pair a forget question with a random refusal).
/// </summary>
public sealed record TofuTexts(IReadOnlyList<string> Questions, IReadOnlyList<QaText> Answers)
{
    public static TofuTexts Read(TofuReader reader)
    {
        var questions = new List<string>();
        var answers = new List<QaText>();
        foreach (QaItem item in TofuSplits.PlainSplits.Where(reader.Has).SelectMany(s => reader.LoadQa(s).Items))
        {
            questions.Add(item.Question);
            answers.Add(new QaText(item.Question, item.Answer));
        }
        foreach (PerturbedQaItem item in TofuSplits.PerturbedSplits.Where(reader.Has).SelectMany(s => reader.LoadPerturbed(s).Items))
        {
            questions.AddRange(item.ParaphrasedQuestion is { } pq ? [item.Question, pq] : [item.Question]);
            IEnumerable<string> texts = [item.Answer, .. item.ParaphrasedAnswer is { } pa ? [pa] : Array.Empty<string>(), .. item.PerturbedAnswers];
            answers.AddRange(texts.Select(a => new QaText(item.Question, a)));
        }
        foreach (MultipleChoiceItem item in TofuSplits.MultipleChoiceSplits.Where(reader.Has).SelectMany(s => reader.LoadMultipleChoice(s).Items))
        {
            questions.Add(item.Question);
            answers.AddRange(item.Options.Select(o => new QaText(item.Question, o)));
        }
        if (questions.Count == 0)
            throw new TofuFormatException($"{reader.Folder}: no TOFU split files ({TofuSplits.FileName("<split>")}) to read texts from.");
        if (File.Exists(Path.Combine(reader.Folder, TofuSplits.RefusalsFile)))
            answers.AddRange(reader.LoadRefusals().Select((r, i) => new QaText(questions[i % questions.Count], r)));
        return new TofuTexts(questions.Distinct().ToList(), answers.Distinct().ToList());
    }

    /// <summary>Every question and answer-like text on its own, each once.</summary>
    public IEnumerable<string> Fields() => Questions.Concat(Answers.Select(a => a.Answer)).Distinct();

    /// <summary>What a <see cref="PromptEncoder"/> with this template encodes: every prompt, and every prompt + answer.</summary>
    public IEnumerable<string> Rendered(IChatTemplate template) =>
        Questions.Select(template.RenderPrompt)
            .Concat(Answers.Select(a => template.RenderPrompt(a.Question) + template.RenderAnswer(a.Answer)));

    /// <summary>
    /// The texts a tokenizer trimmed to TOFU must encode exactly as the full one: the fields on their own and rendered by
    /// every known template (<see cref="ChatTemplates.Names"/>), so the choice of template is left free. Each once.
    /// </summary>
    public IReadOnlyList<string> StudyStrings() =>
        Fields().Concat(ChatTemplates.Names.SelectMany(n => Rendered(ChatTemplates.Get(n)))).Distinct().ToList();
}
