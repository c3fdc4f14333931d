using LocUnlearn.Study;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Reporting;

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
            new TableColumn("abs(O−R)", ColumnAlignment.Right), new TableColumn($"p ({PairedComparison.PermutationTest})", ColumnAlignment.Right),
            new TableColumn($"p ({PairedComparison.WelchTest})", ColumnAlignment.Right), new TableColumn("study R / O / p", ColumnAlignment.Right));
        foreach (var (objective, metrics) in agg.OracleVsRandom)
            foreach (var (metric, cmp) in metrics)
            {
                var study = StudyReferenceNumbers.ForObjective(objective);
                string reference = study is null ? "–" : metric == "aues"
                    ? $"{study.AuesRandom:0.000} / {study.AuesOracle:0.000} / {study.AuesP:0.00}"
                    : $"{study.Mu95Random:0.00} / {study.Mu95Oracle:0.00} / {study.Mu95P:0.00}";
                t.AddRow(objective.ToUpperInvariant(), metric.ToUpperInvariant(),
                    Ms(cmp.MeanB), Ms(cmp.MeanA), Ms(cmp.AbsDelta), P(cmp.PPermutation), P(cmp.PWelch), reference);
            }
        return t;
    }

    /// <summary>table2's caption: what the cells are, the tests by name and the number of seeds they had.</summary>
    public static string OracleVsRandomCaption(StudyAggregates agg)
    {
        var pairs = agg.OracleVsRandom.Values.SelectMany(m => m.Values).Select(c => c.Seeds.Count).ToList();
        return $"AUES and MU95 of Oracle (V_tgt) and Random (V_rdm) runs, mean ± std over {Seeds(pairs)}; abs(O−R) = mean ± std of the per-seed |Oracle − Random|. " +
               $"p: {PairedComparison.PermutationTest} test over the seeds (two-sided; {SmallestP(pairs)}) and {PairedComparison.WelchTest}-test (two-sided). " +
               "The last column is the study's LLaMA-3.1-8B result (Random / Oracle / p).";
    }

    /// <summary>table1's caption: the cells, the Random arm the p-values pair with, the test and the seeds.</summary>
    public static string LocalizersVsRandomCaption(StudyAggregates agg)
    {
        var pairs = agg.LocalizedVsRandom.Values.SelectMany(o => o.Values).SelectMany(m => m.Values).Select(c => c.Seeds.Count).ToList();
        var seeds = agg.Localized.Values.SelectMany(o => o.Values).Select(m => m.Aues.Count).ToList();
        string random = agg.LocalizedRandomArm.Kind == ArmKind.Localized ? "the random localizer's region" : "Oracle-vs-Random's V_rdm";
        string test = pairs.Count == 0 || pairs.Max() < 2
            ? "no p-values: a paired test needs at least 2 seeds"
            : $"p vs Random ({random}, paired by seed): {PairedComparison.PermutationTest} test over {Seeds(pairs)} (two-sided; {SmallestP(pairs)})";
        return $"AUES and MU95 of unlearning confined to each localizer's top-p region of θo, mean ± std over {Seeds(seeds)}; {test}. " +
               "The last column is the study's average over objectives (AUES / MU95).";
    }

    private static string Seeds(IReadOnlyList<int> counts) => counts.Count == 0 ? "0 seeds"
        : counts.Min() == counts.Max() ? (counts[0] == 1 ? "1 seed" : $"{counts[0]} seeds")
        : $"{counts.Min()}–{counts.Max()} seeds (failed runs left out)";

    private static string SmallestP(IReadOnlyList<int> counts)
    {
        int n = counts.Count == 0 ? 0 : counts.Max();
        return $"with n = {n} the smallest attainable p is 2/2^{n} = {NumberFormat.Significant(PairedComparison.SmallestExactP(n))}";
    }

    public static Table LocalizersVsRandom(StudyAggregates agg)
    {
        var columns = new List<TableColumn> { new("region") };
        foreach (var o in agg.Objectives)
        {
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} AUES", ColumnAlignment.Right));
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} MU95", ColumnAlignment.Right));
        }
        foreach (var o in agg.Objectives)
        {
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} AUES p", ColumnAlignment.Right));
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} MU95 p", ColumnAlignment.Right));
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
            foreach (var o in agg.Objectives)
            {
                var vsRandom = agg.LocalizedVsRandom.GetValueOrDefault(method)?.GetValueOrDefault(o);
                cells.Add(PermutationP(vsRandom?.GetValueOrDefault("aues")));
                cells.Add(PermutationP(vsRandom?.GetValueOrDefault("mu95")));
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

    /// <summary>A p-value vs Random where a test was possible (at least 2 seeds paired), else "–".</summary>
    private static TableCell PermutationP(PairedComparison? c) => c is null || c.Seeds.Count < 2 ? "–" : P(c.PPermutation);

    /// <summary>A p-value as papers print it; the CSV keeps the exact value ("–" where there is no test).</summary>
    private static TableCell P(double p) => double.IsNaN(p) ? "–" : new TableCell(NumberFormat.PValue(p), p);

    public static Table LocalizationQualityTable(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("localizer"), new TableColumn("recall of V_tgt", ColumnAlignment.Right),
            new TableColumn("precision", ColumnAlignment.Right), new TableColumn("Jaccard", ColumnAlignment.Right),
            new TableColumn("chance recall", ColumnAlignment.Right), new TableColumn("seeds", ColumnAlignment.Right),
            new TableColumn("chance precision", ColumnAlignment.Right));
        foreach (var (method, q) in agg.LocalizationQuality)
            t.AddRow(method, Ms(q.Recall), Ms(q.Precision),
                NumberFormat.Significant(q.Jaccard), NumberFormat.Significant(q.ChanceRecall), q.Recall.Count, NumberFormat.Significant(q.ChancePrecision));
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
    internal static string Ms(Evaluation.Statistics.MeanStd m) =>
        m.Count < 2 || double.IsNaN(m.Std) ? NumberFormat.Significant(m.Mean) : NumberFormat.MeanStd(m.Mean, m.Std);

    public static Table Reconstruction(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("region"), new TableColumn("FS", ColumnAlignment.Right), new TableColumn("RS", ColumnAlignment.Right),
            new TableColumn("log10 FQ", ColumnAlignment.Right), new TableColumn("MU", ColumnAlignment.Right),
            new TableColumn("final residual (sum over layers)", ColumnAlignment.Right));
        foreach (var r in agg.Reconstruction)
        {
            var last = r.Trajectory.LastOrDefault()?.Point;
            t.AddRow(r.Region.DisplayName, last is null ? "–" : NumberFormat.Significant(last.ForgetScore), last is null ? "–" : NumberFormat.Significant(last.RetainScore),
                last is null ? "–" : NumberFormat.Significant(last.Log10ForgetQuality), last is null ? "–" : NumberFormat.Significant(last.ModelUtility),
                r.FinalLayerResiduals is { } res ? NumberFormat.Significant(res.Sum()) : "–");
        }
        return t;
    }
}
