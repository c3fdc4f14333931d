using LocUnlearn.Experiments.Reporting.Tables;

namespace LocUnlearn.Experiments.Reporting;

/// <summary>
/// Our Random vs Oracle results as tables: alone (mean ± std over seeds, mean ± std of the per-seed
/// |Oracle - Random|, SPEC 9) and beside the study's numbers (SPEC 11).
/// </summary>
public static class ComparisonTables
{
    public static Table Ours(IReadOnlyList<ObjectiveComparison> results)
    {
        var table = new Table(
            new TableColumn("Method"),
            new TableColumn("AUES Random", ColumnAlignment.Right),
            new TableColumn("AUES Oracle", ColumnAlignment.Right),
            new TableColumn("abs(O−R) AUES", ColumnAlignment.Right),
            new TableColumn("p", ColumnAlignment.Right),
            new TableColumn("MU95 Random", ColumnAlignment.Right),
            new TableColumn("MU95 Oracle", ColumnAlignment.Right),
            new TableColumn("abs(O−R) MU95", ColumnAlignment.Right),
            new TableColumn("p", ColumnAlignment.Right),
            new TableColumn("Test"));
        foreach (ObjectiveComparison r in results)
            table.AddRow(r.Objective.ToUpperInvariant(),
                NumberFormat.MeanStd(r.AuesRandom.ToList()), NumberFormat.MeanStd(r.AuesOracle.ToList()),
                NumberFormat.MeanStd(AbsoluteDifferences(r.AuesOracle, r.AuesRandom)), StudyReferenceNumbers.P(r.AuesP),
                NumberFormat.MeanStd(r.Mu95Random.ToList()), NumberFormat.MeanStd(r.Mu95Oracle.ToList()),
                NumberFormat.MeanStd(AbsoluteDifferences(r.Mu95Oracle, r.Mu95Random)), StudyReferenceNumbers.P(r.Mu95P),
                r.TestName);
        return table;
    }

    /// <summary>
    /// One row per objective we ran, our mean next to the study's; objectives the study did not report get
    /// "–" in its columns.
    /// </summary>
    public static Table BesideStudy(IReadOnlyList<ObjectiveComparison> results)
    {
        string[] quantities = ["AUES R", "AUES O", "p AUES", "MU95 R", "MU95 O", "p MU95"];
        var columns = new List<TableColumn> { new("Method") };
        foreach (string q in quantities)
        {
            columns.Add(new TableColumn(q + " (study)", ColumnAlignment.Right));
            columns.Add(new TableColumn(q + " (ours)", ColumnAlignment.Right));
        }

        var table = new Table(columns);
        foreach (ObjectiveComparison r in results)
        {
            ObjectiveReference? s = StudyReferenceNumbers.ForObjective(r.Objective);
            TableCell Study(Func<ObjectiveReference, TableCell> pick) => s is null ? "–" : pick(s);
            table.AddRow(r.Objective.ToUpperInvariant(),
                Study(x => StudyReferenceNumbers.Fixed(x.AuesRandom, 3)), Mean(r.AuesRandom, 3),
                Study(x => StudyReferenceNumbers.Fixed(x.AuesOracle, 3)), Mean(r.AuesOracle, 3),
                Study(x => StudyReferenceNumbers.P(x.AuesP)), StudyReferenceNumbers.P(r.AuesP),
                Study(x => StudyReferenceNumbers.Fixed(x.Mu95Random, 2)), Mean(r.Mu95Random, 2),
                Study(x => StudyReferenceNumbers.Fixed(x.Mu95Oracle, 2)), Mean(r.Mu95Oracle, 2),
                Study(x => StudyReferenceNumbers.P(x.Mu95P)), StudyReferenceNumbers.P(r.Mu95P));
        }

        return table;
    }

    /// <summary>
    /// Localization vs Random: our mean ± std beside the study's mean per region, and how much of V_tgt each
    /// localizer found, which separates "localization failed" from "locality does not matter".
    /// </summary>
    public static Table LocalizersBesideStudy(IReadOnlyList<LocalizerComparison> results)
    {
        var table = new Table(
            new TableColumn("Region"),
            new TableColumn("AUES (study)", ColumnAlignment.Right),
            new TableColumn("AUES (ours)", ColumnAlignment.Right),
            new TableColumn("MU95 (study)", ColumnAlignment.Right),
            new TableColumn("MU95 (ours)", ColumnAlignment.Right),
            new TableColumn("Recall of V_tgt", ColumnAlignment.Right));
        foreach (LocalizerComparison r in results)
        {
            LocalizationReference? s = StudyReferenceNumbers.ForRegion(r.Region);
            table.AddRow(Plots.RegionStyle.DisplayName(r.Region),
                s is null ? "–" : StudyReferenceNumbers.Fixed(s.Aues, 3), NumberFormat.MeanStd(r.Aues.ToList()),
                s is null ? "–" : StudyReferenceNumbers.Fixed(s.Mu95, 2), NumberFormat.MeanStd(r.Mu95.ToList()),
                r.RecallOfTarget is { Count: > 0 } recall ? NumberFormat.MeanStd(recall.ToList()) : "–");
        }

        return table;
    }

    private static List<double> AbsoluteDifferences(IReadOnlyList<double> oracle, IReadOnlyList<double> random)
    {
        if (oracle.Count != random.Count)
            throw new ArgumentException($"Paired seeds expected: {oracle.Count} Oracle vs {random.Count} Random values.");
        return oracle.Zip(random, (o, r) => Math.Abs(o - r)).ToList();
    }

    // Same precision as the study's column so the two read side by side.
    private static TableCell Mean(IReadOnlyList<double> values, int decimals) =>
        StudyReferenceNumbers.Fixed(values.Average(), decimals);
}
