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
    private const string PerturbedSuffix = "_perturbed";

    /// <summary>Forget percentages TOFU publishes, each with retain = 100 - forget.</summary>
    public static IReadOnlyList<int> ForgetPercents { get; } = [1, 5, 10];

    public static string Forget(int percent) => $"forget{percent:00}";

    /// <summary>The percentage a split named forgetNN stands for (forget01 → 1, forget40 → 40), or null for any other name.</summary>
    public static int? ForgetPercentOf(string split) =>
        split.StartsWith("forget", StringComparison.Ordinal) && int.TryParse(split.AsSpan("forget".Length), out int p)
        && p is >= 1 and <= 99 && Forget(p) == split // the round trip rejects "forget4", "forget+5", "forget 5"
            ? p
            : null;

    public static string Retain(int forgetPercent) => $"retain{100 - forgetPercent}";
    public static string Perturbed(string split) => split + PerturbedSuffix;

    public static IReadOnlyList<string> PlainSplits { get; } =
        [Full, .. ForgetPercents.Select(Forget), .. ForgetPercents.Select(Retain)];

    public static IReadOnlyList<string> PerturbedSplits { get; } =
        [.. ForgetPercents.Select(p => Perturbed(Forget(p))), RetainPerturbed, RealAuthorsPerturbed, WorldFactsPerturbed];

    public static IReadOnlyList<string> MultipleChoiceSplits { get; } = [RealAuthors, WorldFacts];

    public static string FileName(string split) => split + ".json";

    /// <summary>
    /// The split a perturbed split has one row for each row of (forget01_perturbed: forget01; real_authors_perturbed:
    /// real_authors), or null. retain_perturbed has none: TOFU's is its own 400 rows, the first 20 authors of full.json,
    /// who are in every retain split (3600 to 3960 rows).
    /// </summary>
    public static string? BaseOf(string perturbedSplit) =>
        perturbedSplit != RetainPerturbed && perturbedSplit.EndsWith(PerturbedSuffix, StringComparison.Ordinal)
            ? perturbedSplit[..^PerturbedSuffix.Length]
            : null;

    /// <summary>
    /// Forget/retain perturbed rows have 5 perturbed answers and paraphrases; the real-authors and world-facts rows
    /// have 3 perturbed answers and no paraphrases.
    /// </summary>
    public static bool HasParaphrases(string perturbedSplit) =>
        perturbedSplit is not (RealAuthorsPerturbed or WorldFactsPerturbed);

    public static int PerturbedAnswerCount(string perturbedSplit) => HasParaphrases(perturbedSplit) ? 5 : 3;
}
