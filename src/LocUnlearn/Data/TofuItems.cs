namespace LocUnlearn.Data;

/// <summary>Where a record came from, for error messages and per-item results.</summary>
public sealed record SourceLine(string File, int Line)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(File)} line {Line}";
}

/// <summary>A plain TOFU row (full, forgetXX, retainYY): question and answer.</summary>
public sealed record QaItem(string Question, string Answer, SourceLine Source);

/// <summary>
/// A perturbed TOFU row. Forget/retain perturbed splits carry a paraphrased question and answer and 5 perturbed
/// answers; real_authors_perturbed / world_facts_perturbed carry 3 perturbed answers and no paraphrases (null here).
/// </summary>
public sealed record PerturbedQaItem(
    string Question,
    string Answer,
    IReadOnlyList<string> PerturbedAnswers,
    string? ParaphrasedQuestion,
    string? ParaphrasedAnswer,
    SourceLine Source);

/// <summary>A multiple-choice row of real_authors.json / world_facts.json: four options, the answer is one of them.</summary>
public sealed record MultipleChoiceItem(string Question, IReadOnlyList<string> Options, string Answer, SourceLine Source);
