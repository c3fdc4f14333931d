using LocUnlearn.Experiments.Reporting;
using LocUnlearn.Experiments.Reporting.Tables;
using LocUnlearn.Experiments.Runs;

namespace LocUnlearn.Experiments.Results;

/// <summary>
/// The result tables: table2 = Oracle vs Random per objective (the study's main table), table1 = localization
/// methods vs Random per objective, localization = how much of V_tgt each localizer finds.
/// </summary>
public static class ResultTables
{
    public static Table OracleVsRandom(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("objective"), new TableColumn("metric"),
            new TableColumn("Random", ColumnAlignment.Right), new TableColumn("Oracle", ColumnAlignment.Right),
            new TableColumn("abs(O−R)", ColumnAlignment.Right), new TableColumn("p (permutation)", ColumnAlignment.Right),
            new TableColumn("p (Welch)", ColumnAlignment.Right), new TableColumn("study R / O / p", ColumnAlignment.Right));
        foreach (var (objective, metrics) in agg.OracleVsRandom)
            foreach (var (metric, cmp) in metrics)
            {
                var study = StudyReferenceNumbers.ForObjective(objective);
                string reference = study is null ? "–" : metric == "aues"
                    ? $"{study.AuesRandom:0.000} / {study.AuesOracle:0.000} / {study.AuesP:0.00}"
                    : $"{study.Mu95Random:0.00} / {study.Mu95Oracle:0.00} / {study.Mu95P:0.00}";
                t.AddRow(objective.ToUpperInvariant(), metric.ToUpperInvariant(),
                    Ms(cmp.MeanB), Ms(cmp.MeanA), Ms(cmp.AbsDelta), NumberFormat.PValue(cmp.PPermutation),
                    double.IsNaN(cmp.PWelch) ? "–" : NumberFormat.PValue(cmp.PWelch), reference);
            }
        return t;
    }

    public static Table LocalizersVsRandom(StudyAggregates agg)
    {
        var columns = new List<TableColumn> { new("region") };
        foreach (var o in agg.Objectives)
        {
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} AUES", ColumnAlignment.Right));
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} MU95", ColumnAlignment.Right));
        }
        columns.Add(new TableColumn("mean AUES", ColumnAlignment.Right));
        columns.Add(new TableColumn("mean MU95", ColumnAlignment.Right));
        columns.Add(new TableColumn("study AUES / MU95", ColumnAlignment.Right));
        var t = new Table(columns);
        foreach (var (method, perObjective) in agg.Localized)
        {
            var cells = new List<TableCell> { method };
            foreach (var o in agg.Objectives)
            {
                var m = perObjective.GetValueOrDefault(o);
                cells.Add(m is null ? "–" : Ms(m.Aues));
                cells.Add(m is null ? "–" : Ms(m.Mu95));
            }
            var valid = perObjective.Values.ToList();
            cells.Add(valid.Count == 0 ? "–" : NumberFormat.Significant(valid.Average(v => v.Aues.Mean)));
            cells.Add(valid.Count == 0 ? "–" : NumberFormat.Significant(valid.Average(v => v.Mu95.Mean)));
            var study = StudyReferenceNumbers.ForRegion(method);
            cells.Add(study is null ? "–" : $"{study.Aues:0.000} / {study.Mu95:0.00}");
            t.AddRow(cells.ToArray());
        }
        return t;
    }

    public static Table LocalizationQualityTable(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("localizer"), new TableColumn("recall of V_tgt", ColumnAlignment.Right),
            new TableColumn("precision", ColumnAlignment.Right), new TableColumn("Jaccard", ColumnAlignment.Right),
            new TableColumn("chance recall", ColumnAlignment.Right), new TableColumn("seeds", ColumnAlignment.Right));
        foreach (var (method, q) in agg.LocalizationQuality)
            t.AddRow(method, Ms(q.Recall), Ms(q.Precision),
                NumberFormat.Significant(q.Jaccard), NumberFormat.Significant(q.ChanceRecall), q.Recall.Count);
        return t;
    }

    public static Table ControlledSetup(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("model"), new TableColumn("forget ES", ColumnAlignment.Right),
            new TableColumn("retain ES", ColumnAlignment.Right), new TableColumn("what it is"));
        foreach (var (name, (f, r), what) in new[]
                 {
                     ("θr", agg.ThetaR, "θp fine-tuned on the retain set (gold standard)"),
                     ("θo", agg.ThetaO, "θr + forget set injected into V_tgt (10% of value vectors)"),
                     ("θo full", agg.ThetaOFull, "θr + forget set with all parameters, same budget"),
                 })
            t.AddRow(name, f is { } fv ? Ms(fv) : "–", r is { } rv ? Ms(rv) : "–", what);
        return t;
    }

    /// <summary>mean ± std over seeds; the mean alone when there is one seed (no std to show).</summary>
    private static string Ms(Evaluation.Statistics.MeanStd m) =>
        m.Count < 2 || double.IsNaN(m.Std) ? NumberFormat.Significant(m.Mean) : NumberFormat.MeanStd(m.Mean, m.Std);

    public static Table Reconstruction(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("region"), new TableColumn("FS", ColumnAlignment.Right), new TableColumn("RS", ColumnAlignment.Right),
            new TableColumn("log10 FQ", ColumnAlignment.Right), new TableColumn("MU", ColumnAlignment.Right),
            new TableColumn("final residual (sum over layers)", ColumnAlignment.Right));
        foreach (var r in agg.Reconstruction)
        {
            var last = r.Trajectory.LastOrDefault();
            t.AddRow(r.Region, last is null ? "–" : NumberFormat.Significant(last.ForgetScore), last is null ? "–" : NumberFormat.Significant(last.RetainScore),
                last is null ? "–" : NumberFormat.Significant(last.Log10ForgetQuality), last is null ? "–" : NumberFormat.Significant(last.ModelUtility),
                r.FinalLayerResiduals is { } res ? NumberFormat.Significant(res.Sum()) : "–");
        }
        return t;
    }
}
