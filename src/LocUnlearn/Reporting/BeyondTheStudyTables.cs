using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Reporting.Rendering;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>The tables of experiments (d) and (e): relearning.md/.csv and dose_response.md/.csv.</summary>
public static class BeyondTheStudyTables
{
    public static Table Relearning(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("objective"), new TableColumn("arm"), new TableColumn("held-out ES before", ColumnAlignment.Right),
            new TableColumn("after the attack", ColumnAlignment.Right), new TableColumn("recovered fraction", ColumnAlignment.Right),
            new TableColumn("O − R recovered [95% CI]", ColumnAlignment.Right), new TableColumn("p (paired t)", ColumnAlignment.Right),
            new TableColumn("verdict"));
        if (agg.RelearnReferences is { } r)
        {
            t.AddRow("–", "θr (attack alone: the floor)", Ms(r.ThetaRBefore), Ms(r.ThetaRAfter), "–", "", "", "");
            t.AddRow("–", "θo (the ceiling)", Ms(r.ThetaO), "–", "–", "", "", "");
        }
        foreach (var (objective, arms) in agg.Relearning)
            foreach (var (arm, a) in arms)
            {
                var c = arm == Arm.Oracle.Id ? agg.RelearningOracleVsRandom.GetValueOrDefault(objective)?.GetValueOrDefault("recovered_fraction") : null;
                t.AddRow(objective.ToUpperInvariant(), Arm.Parse(arm).DisplayName, Ms(a.BeforeEs), Ms(a.AfterEs),
                    a.RecoveredFraction is { } f ? Ms(f) : "–", c is null ? "" : ResultTables.Delta(c), c is null ? "" : P(c.PPairedT),
                    c is null ? "" : c.Verdict.Text());
            }
        return t;
    }

    public static Table RelearningCsv(StudyAggregates agg)
    {
        var t = new Table("objective", "arm", "before_es_mean", "before_es_std", "after_es_mean", "after_es_std", "recovered_fraction_mean",
            "recovered_fraction_std", "n_seeds");
        if (agg.RelearnReferences is { } r)
        {
            t.AddRow("", "theta_r", N(r.ThetaRBefore.Mean), N(r.ThetaRBefore.Std), N(r.ThetaRAfter.Mean), N(r.ThetaRAfter.Std), "", "", r.ThetaO.Count);
            t.AddRow("", "theta_o", N(r.ThetaO.Mean), N(r.ThetaO.Std), "", "", "", "", r.ThetaO.Count);
        }
        foreach (var (objective, arms) in agg.Relearning)
            foreach (var (arm, a) in arms)
                t.AddRow(objective, arm, N(a.BeforeEs.Mean), N(a.BeforeEs.Std), N(a.AfterEs.Mean), N(a.AfterEs.Std), N(a.RecoveredFraction?.Mean),
                    N(a.RecoveredFraction?.Std), a.AfterEs.Count);
        return t;
    }

    public static Table DoseResponse(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("objective"), new TableColumn("overlap q", ColumnAlignment.Right),
            new TableColumn("AUES [95% CI]", ColumnAlignment.Right), new TableColumn("MU95 [95% CI]", ColumnAlignment.Right),
            new TableColumn("recovered ES [95% CI]", ColumnAlignment.Right), new TableColumn("seeds", ColumnAlignment.Right));
        foreach (var p in agg.DoseResponse)
            t.AddRow(p.Objective.ToUpperInvariant(), NumberFormat.Significant(p.Overlap), Ci(p.Aues), Mu95Cell(p), Ci(p.RecoveredEs), p.Aues?.Count ?? 0);
        return t;
    }

    public static Table DoseResponseCsv(StudyAggregates agg)
    {
        var t = new Table("objective", "overlap", "aues_mean", "aues_ci95_low", "aues_ci95_high", "mu95_mean", "mu95_ci95_low", "mu95_ci95_high",
            "recovered_es_mean", "recovered_es_ci95_low", "recovered_es_ci95_high", "n_seeds", "mu95_seeds");
        foreach (var p in agg.DoseResponse)
            t.AddRow(p.Objective, N(p.Overlap), N(p.Aues?.Mean), N(p.Aues?.Low), N(p.Aues?.High), N(p.Mu95?.Mean), N(p.Mu95?.Low), N(p.Mu95?.High),
                N(p.RecoveredEs?.Mean), N(p.RecoveredEs?.Low), N(p.RecoveredEs?.High), p.Aues?.Count ?? 0, p.Mu95?.Count ?? 0);
        return t;
    }

    /// <summary>MU95 leaves out runs whose MU95 is θo's own (no checkpoint kept 0.95·MU(θo)): say so when that left seeds out.</summary>
    private static string Mu95Cell(DosePoint p) =>
        Ci(p.Mu95) + (p.Mu95 is { } m && m.Count < (p.Aues?.Count ?? 0) ? $" ({m.Count} of {p.Aues!.Count} seeds; θo's own in the rest)" : "");

    internal static string Ci(ConfidenceInterval? ci) => ci is null ? "–" : !ci.HasBounds ? NumberFormat.Significant(ci.Mean)
        : $"{NumberFormat.Significant(ci.Mean)} [{NumberFormat.Significant(ci.Low)}, {NumberFormat.Significant(ci.High)}]";

    private static string Ms(MeanStd m) => ResultTables.Ms(m);

    private static TableCell P(double p) => double.IsNaN(p) ? "–" : new TableCell(NumberFormat.PValue(p), p);

    private static TableCell N(double? v) => v is double d && double.IsFinite(d) ? new TableCell(d.ToString("R"), d) : "";
}
