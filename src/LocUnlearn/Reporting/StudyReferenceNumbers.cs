using LocUnlearn.Localization;
using LocUnlearn.Study;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Reporting.Rendering;
using LocUnlearn.Reporting.Rendering.Plots;

namespace LocUnlearn.Reporting;

/// <summary>One objective's published Random vs Oracle result (SPEC 11; mean over 5 seeds).</summary>
public sealed record ObjectiveReference(
    string Objective,
    double AuesRandom,
    double AuesOracle,
    double AuesP,
    double Mu95Random,
    double Mu95Oracle,
    double Mu95P);

/// <summary>One localization method's published result (SPEC 11).</summary>
public sealed record LocalizationReference(string Region, double Aues, double Mu95);

/// <summary>
/// The study's numbers (Lee et al., EMNLP 2025; LLaMA-3.1-8B-Instruct, TOFU forget10), kept as data so a
/// report can set them beside ours. The study does not name its significance test (SPEC 10).
/// </summary>
public static class StudyReferenceNumbers
{
    public const string Source = "Lee et al., EMNLP 2025 (arXiv 2505.16252), LLaMA-3.1-8B-Instruct, mean of 5 seeds";

    /// <summary>The study's forget set: TOFU forget10.</summary>
    public const string ForgetSplit = "forget10";
    public const int ForgetItems = 400;

    /// <summary>
    /// An upper bound on the study's θo log10 FQ, which it does not publish: MU95 is the largest log10 FQ among checkpoints
    /// keeping 95% of θo's MU, θo's own point (step 0) included, so θo's FQ cannot exceed the smallest MU95 it reports
    /// (Activations, -16.84).
    /// </summary>
    public static double ThetaOLog10FqBound => Math.Min(Objectives.Min(o => Math.Min(o.Mu95Random, o.Mu95Oracle)), Localizers.Min(l => l.Mu95));

    public static IReadOnlyList<ObjectiveReference> Objectives { get; } =
    [
        new("wga", 0.586, 0.593, 0.61, -10.33, -10.00, 0.46),
        new("npo", 0.625, 0.619, 0.71, -9.45, -8.56, 0.31),
        new("dpo", 0.497, 0.492, 0.66, -13.26, -13.60, 0.68),
        new("rmu", 0.506, 0.502, 0.37, -13.75, -13.64, 0.39),
    ];

    public static IReadOnlyList<LocalizationReference> Localizers { get; } =
    [
        new("random", 0.529, -14.87),
        new("activations", 0.522, -16.84),
        new("memflex", 0.491, -15.97),
        new("wagle", 0.525, -16.61),
    ];

    /// <summary>The study's Oracle − Random on a metric ("aues", "mu95") for an objective, or null.</summary>
    public static double? Delta(string objective, string metric) => ForObjective(objective) is not { } s ? null
        : metric == "aues" ? s.AuesOracle - s.AuesRandom : metric == "mu95" ? s.Mu95Oracle - s.Mu95Random : null;

    public static ObjectiveReference? ForObjective(string objective) =>
        Objectives.FirstOrDefault(o => string.Equals(o.Objective, objective, StringComparison.OrdinalIgnoreCase));

    public static LocalizationReference? ForRegion(string region) =>
        Localizers.FirstOrDefault(l => string.Equals(l.Region, region, StringComparison.OrdinalIgnoreCase));

    public static Table ObjectiveTable()
    {
        var table = new Table(
            new TableColumn("Method"),
            new TableColumn("AUES Random", ColumnAlignment.Right),
            new TableColumn("AUES Oracle", ColumnAlignment.Right),
            new TableColumn("p", ColumnAlignment.Right),
            new TableColumn("MU95 Random", ColumnAlignment.Right),
            new TableColumn("MU95 Oracle", ColumnAlignment.Right),
            new TableColumn("p", ColumnAlignment.Right));
        foreach (ObjectiveReference o in Objectives)
            table.AddRow(o.Objective.ToUpperInvariant(), Fixed(o.AuesRandom, 3), Fixed(o.AuesOracle, 3), P(o.AuesP),
                Fixed(o.Mu95Random, 2), Fixed(o.Mu95Oracle, 2), P(o.Mu95P));
        return table;
    }

    public static Table LocalizerTable()
    {
        var table = new Table(
            new TableColumn("Region"),
            new TableColumn("AUES", ColumnAlignment.Right),
            new TableColumn("MU95", ColumnAlignment.Right));
        // The study's Table 1 calls its random-selection baseline "Random".
        foreach (LocalizationReference l in Localizers)
            table.AddRow(
                l.Region == RandomLocalizer.MethodName ? Arm.Random.DisplayName : Localization.Localizers.DisplayName(l.Region),
                Fixed(l.Aues, 3),
                Fixed(l.Mu95, 2));
        return table;
    }

    // The paper prints AUES to 3 decimals and MU95 to 2; reproduce its precision rather than invent digits.
    internal static TableCell Fixed(double value, int decimals) =>
        new(value.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture), value);

    internal static TableCell P(double p) => new(NumberFormat.PValue(p), p);
}
