namespace LocUnlearn.Data;

/// <summary>The split names of the TOFU file set (SPEC 3.1); a split <c>x</c> lives in <c>x.json</c>.</summary>
public static class TofuSplits
{
    public const string Full = "full";
    public const string RetainPerturbed = "retain_perturbed";
    public const string RealAuthors = "real_authors";
    public const string RealAuthorsPerturbed = "real_authors_perturbed";
    public const string WorldFacts = "world_facts";
    public const string WorldFactsPerturbed = "world_facts_perturbed";
    public const string RefusalsFile = "idontknow.jsonl";

    /// <summary>Forget percentages TOFU publishes, each with retain = 100 - forget.</summary>
    public static IReadOnlyList<int> ForgetPercents { get; } = [1, 5, 10];

    public static string Forget(int percent) => $"forget{percent:00}";
    public static string Retain(int forgetPercent) => $"retain{100 - forgetPercent}";
    public static string Perturbed(string split) => split + "_perturbed";

    public static IReadOnlyList<string> PlainSplits { get; } =
        [Full, .. ForgetPercents.Select(Forget), .. ForgetPercents.Select(Retain)];

    public static IReadOnlyList<string> PerturbedSplits { get; } =
        [.. ForgetPercents.Select(p => Perturbed(Forget(p))), RetainPerturbed, RealAuthorsPerturbed, WorldFactsPerturbed];

    public static IReadOnlyList<string> MultipleChoiceSplits { get; } = [RealAuthors, WorldFacts];

    public static string FileName(string split) => split + ".json";

    /// <summary>
    /// Forget/retain perturbed rows have 5 perturbed answers and paraphrases; the real-authors and world-facts rows
    /// have 3 perturbed answers and no paraphrases.
    /// </summary>
    public static bool HasParaphrases(string perturbedSplit) =>
        perturbedSplit is not (RealAuthorsPerturbed or WorldFactsPerturbed);

    public static int PerturbedAnswerCount(string perturbedSplit) => HasParaphrases(perturbedSplit) ? 5 : 3;
}
