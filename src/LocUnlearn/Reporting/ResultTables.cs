using System.Globalization;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Localization;
using LocUnlearn.Reporting.Rendering;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// The result tables as people read them (Markdown, terminal): table2 = Oracle vs Random per objective (the study's
/// main table), table1 = localization methods vs Random, localization = how much of V_tgt each localizer finds, the
/// controlled setup with its checks, the reconstruction's final points. Cells are "mean ± std"; the CSVs beside them
/// hold one number per cell (<see cref="ResultCsv"/>).
/// </summary>
public static class ResultTables
{
    public static Table OracleVsRandom(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("objective"), new TableColumn("metric"),
            new TableColumn("Random", ColumnAlignment.Right), new TableColumn("Oracle", ColumnAlignment.Right),
            new TableColumn("Δ = O − R [95% CI]", ColumnAlignment.Right), new TableColumn("abs(O−R)", ColumnAlignment.Right),
            new TableColumn("seeds O > R", ColumnAlignment.Right), new TableColumn($"p ({PairedComparison.PermutationTest})", ColumnAlignment.Right),
            new TableColumn($"p ({PairedComparison.PairedT})", ColumnAlignment.Right), new TableColumn("p (TOST)", ColumnAlignment.Right),
            new TableColumn("verdict"), new TableColumn("study R / O / p", ColumnAlignment.Right));
        foreach (var (objective, metric, cmp) in agg.OracleVsRandomComparisons())
        {
            var study = StudyReferenceNumbers.ForObjective(objective);
            string reference = study is null ? "–" : metric == MetricOf.Aues.Name
                ? $"{study.AuesRandom:0.000} / {study.AuesOracle:0.000} / {study.AuesP:0.00}"
                : $"{study.Mu95Random:0.00} / {study.Mu95Oracle:0.00} / {study.Mu95P:0.00}";
            t.AddRow(objective.ToUpperInvariant(), metric.ToUpperInvariant(), Ms(cmp.MeanB), Ms(cmp.MeanA), Delta(cmp), Ms(cmp.AbsDelta),
                $"{cmp.A.Zip(cmp.B).Count(p => p.First > p.Second)} of {cmp.Seeds.Count}", P(cmp.PPermutation), P(cmp.PPairedT),
                P(cmp.PTost), cmp.Verdict.Text(), reference);
        }
        return t;
    }

    /// <summary>The forget set and θo's log10 FQ (mean ± std over seeds) of this run beside the study's.</summary>
    public static Table StudyScale(StudyOutcome outcome, StudyAggregates agg)
    {
        var t = new Table(new TableColumn(""), new TableColumn("model"), new TableColumn("forget set"),
            new TableColumn("forget items", ColumnAlignment.Right), new TableColumn("θo log10 FQ", ColumnAlignment.Right));
        var c = outcome.Config;
        string model = c.Model.Path is { } path
            ? Path.GetFileName(path.TrimEnd('/'))
            : $"trained from scratch (hidden {c.Model.HiddenSize}, {c.Model.Layers} layers)";
        string fq = agg.ThetaO.Log10ForgetQuality is { } f ? Ms(f) : "not measured";
        t.AddRow("this run", model, c.Data.ForgetSplit, outcome.ForgetItems.ToString(CultureInfo.InvariantCulture), fq);
        t.AddRow("the study", "LLaMA-3.1-8B-Instruct", $"TOFU {StudyReferenceNumbers.ForgetSplit}",
            StudyReferenceNumbers.ForgetItems.ToString(CultureInfo.InvariantCulture),
            $"≤ {NumberFormat.Significant(StudyReferenceNumbers.ThetaOLog10FqBound)} (not published; at most its smallest MU95)");
        return t;
    }

    /// <summary>table2's caption: what the cells are, the tests by name and the number of seeds they had.</summary>
    public static string OracleVsRandomCaption(StudyAggregates agg)
    {
        var pairs = agg.OracleVsRandom.Values.SelectMany(m => m.Values).Select(c => c.Seeds.Count).ToList();
        var margins = agg.Outcome.Config.Statistics.EquivalenceMargin;
        return $"AUES and MU95 of Oracle (V_tgt) and Random (V_rdm) runs, mean ± std over {Seeds(pairs)}; Δ = mean per-seed Oracle − Random " +
               $"with its 95% paired-bootstrap CI; abs(O−R) = mean ± std of the per-seed |Oracle − Random|. " +
               $"p: {PairedComparison.PermutationTest} test over the seeds (two-sided; {SmallestP(pairs)}), {PairedComparison.PairedT}-test (two-sided), " +
               $"and the paired TOST for equivalence within ±{margins.Aues:G4} AUES / ±{margins.Mu95:G4} MU95. " +
               $"Verdict: differs (paired t p < α), equivalent (TOST p < α), inconclusive, or θo only (MU95 could not move: not tested); α = " +
               $"{NumberFormat.Significant(agg.Outcome.Config.Statistics.Alpha)}. The last column is the study's LLaMA-3.1-8B result (Random / Oracle / p)." +
               (pairs.Count == 0 ? "" : (" " + PairedComparison.BootstrapCaveat(pairs.Min())).TrimEnd());
    }

    /// <summary>table1's caption: the cells, the Random arm the tests pair with, the tests and the seeds.</summary>
    public static string LocalizersVsRandomCaption(StudyAggregates agg)
    {
        var pairs = agg.LocalizedVsRandom.Values.SelectMany(o => o.Values).SelectMany(m => m.Values).Select(c => c.Seeds.Count).ToList();
        var seeds = agg.Localized.Values.SelectMany(o => o.Values).Select(m => m.Aues.Count).ToList();
        string random = agg.LocalizedRandomArm.Kind == ArmKind.Localized ? "the random localizer's region" : "Oracle-vs-Random's V_rdm";
        string test = pairs.Count == 0 || pairs.Max() < 2
            ? "one seed: not tested (a paired test needs at least 2 seeds)"
            : $"verdict vs Random ({random}, paired by seed) from the {PairedComparison.PairedT}-test and the TOST as in table2, over {Seeds(pairs)}";
        return $"AUES and MU95 of unlearning confined to each localizer's top-p region of θo, mean ± std over {Seeds(seeds)}; {test}. " +
               "The last column is the study's average over objectives (AUES / MU95).";
    }

    public static Table LocalizersVsRandom(StudyAggregates agg)
    {
        var columns = new List<TableColumn> { new("region") };
        foreach (var o in agg.Objectives)
        {
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} AUES", ColumnAlignment.Right));
            columns.Add(new TableColumn($"{o.ToUpperInvariant()} MU95", ColumnAlignment.Right));
        }
        columns.Add(new TableColumn("vs Random (AUES; MU95 per objective)"));
        columns.Add(new TableColumn("study AUES / MU95", ColumnAlignment.Right));
        var t = new Table(columns);
        foreach (var (method, perObjective) in agg.Localized)
        {
            var cells = new List<TableCell> { Localizers.DisplayName(method) };
            foreach (var o in agg.Objectives)
            {
                var m = perObjective.GetValueOrDefault(o);
                cells.Add(m is null ? "–" : Ms(m.Aues));
                cells.Add(m is null ? "–" : Ms(m.Mu95));
            }
            cells.Add(VersusRandom(agg, method));
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
            new TableColumn("chance recall", ColumnAlignment.Right), new TableColumn("chance precision", ColumnAlignment.Right),
            new TableColumn("seeds", ColumnAlignment.Right));
        foreach (var (method, q) in agg.LocalizationQuality)
            t.AddRow(Localizers.DisplayName(method), Ms(q.Recall), Ms(q.Precision),
                NumberFormat.Significant(q.Jaccard), NumberFormat.Significant(q.ChanceRecall), NumberFormat.Significant(q.ChancePrecision), q.Recall.Count);
        return t;
    }

    /// <summary>θr, θo and θo-full on the setup's measures, then every check with its value, rule and outcome.</summary>
    public static Table ControlledSetup(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("model"), new TableColumn("forget ES", ColumnAlignment.Right),
            new TableColumn("retain ES", ColumnAlignment.Right), new TableColumn("MU", ColumnAlignment.Right),
            new TableColumn("log10 FQ vs θr", ColumnAlignment.Right), new TableColumn("what it is"));
        var inject = agg.Outcome.Config.Inject;
        string share = (inject.Fraction * 100).ToString("0.#", CultureInfo.InvariantCulture);
        int fullSteps = inject.FullTraining().Steps;
        string budget = fullSteps == inject.Training.Steps ? "same budget" : $"{fullSteps} steps (θo: {inject.Training.Steps})";
        foreach (var (name, m, what) in new[]
                 {
                     ("θr", agg.ThetaR, "θp fine-tuned on the retain set (gold standard)"),
                     ("θo", agg.ThetaO, $"θr + forget set injected into V_tgt ({share}% of value vectors)"),
                     ("θo full", agg.ThetaOFull, $"θr + forget set with all parameters, {budget}"),
                 })
            t.AddRow(name, Opt(m.ForgetEs), Opt(m.RetainEs), Opt(m.ModelUtility), Opt(m.Log10ForgetQuality), what);
        return t;
    }

    public static Table SetupChecks(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("check"), new TableColumn("seed", ColumnAlignment.Right), new TableColumn("value", ColumnAlignment.Right),
            new TableColumn("rule"), new TableColumn("outcome"));
        foreach (var k in agg.Checks)
            t.AddRow(k.Name, k.Seed is { } s ? s.ToString() : "all", double.IsNaN(k.Value) ? "–" : NumberFormat.Significant(k.Value),
                $"{k.Rule} {NumberFormat.Significant(k.Threshold)}",
                k.Pass switch { true => "pass", false => "**FAIL**", null => $"not checked: {k.Skipped}" });
        return t;
    }

    public static Table Reconstruction(StudyAggregates agg)
    {
        var t = new Table(new TableColumn("region"), new TableColumn("FS", ColumnAlignment.Right), new TableColumn("RS", ColumnAlignment.Right),
            new TableColumn("log10 FQ", ColumnAlignment.Right), new TableColumn("MU", ColumnAlignment.Right),
            new TableColumn("final residual (sum over layers)", ColumnAlignment.Right));
        foreach (var r in agg.Reconstruction)
        {
            var last = r.Trajectory.LastOrDefault()?.Point;
            t.AddRow(r.Region.DisplayName,
                last is null ? "–" : NumberFormat.Significant(last.ForgetScore),
                last is null ? "–" : NumberFormat.Significant(last.RetainScore),
                last is null ? "–" : NumberFormat.Significant(last.Log10ForgetQuality),
                last is null ? "–" : NumberFormat.Significant(last.ModelUtility),
                r.FinalLayerResiduals is { } res ? NumberFormat.Significant(res.Sum()) : "–");
        }
        return t;
    }

    /// <summary>mean ± std over seeds; the mean alone when there is one seed (no std to show).</summary>
    internal static string Ms(MeanStd m) =>
        m.Count < 2 || double.IsNaN(m.Std) ? NumberFormat.Significant(m.Mean) : NumberFormat.MeanStd(m.Mean, m.Std);

    /// <summary>"0.012 [−0.003, 0.027]"; the mean alone when there is no interval.</summary>
    internal static string Delta(PairedComparison c) => double.IsNaN(c.Ci95.Low) || c.Seeds.Count < 2
        ? NumberFormat.Significant(c.MeanDelta)
        : $"{NumberFormat.Significant(c.MeanDelta)} [{NumberFormat.Significant(c.Ci95.Low)}, {NumberFormat.Significant(c.Ci95.High)}]";

    private static string VersusRandom(StudyAggregates agg, string method)
    {
        if (!agg.LocalizedVsRandom.TryGetValue(method, out var perObjective))
            return "(the Random arm)";
        return perObjective.Count == 0 ? "–" : string.Join("; ", agg.Objectives.Where(perObjective.ContainsKey).Select(o =>
            $"{o.ToUpperInvariant()} " +
            string.Join(" / ", MetricOf.Both.Select(m => perObjective[o].TryGetValue(m.Name, out var c) ? c.Verdict.Text() : "–"))));
    }

    private static string Opt(MeanStd? m) => m is { } v ? Ms(v) : "–";

    private static TableCell P(double p) => double.IsNaN(p) ? "–" : new TableCell(NumberFormat.PValue(p), p);

    private static string Seeds(IReadOnlyList<int> counts) => counts.Count == 0 ? "0 seeds"
        : counts.Min() == counts.Max() ? (counts[0] == 1 ? "1 seed" : $"{counts[0]} seeds")
        : $"{counts.Min()}–{counts.Max()} seeds (failed runs left out)";

    private static string SmallestP(IReadOnlyList<int> counts)
    {
        int n = counts.Count == 0 ? 0 : counts.Max();
        return $"with n = {n} the smallest attainable p is 2/2^{n} = {NumberFormat.Significant(PairedComparison.SmallestExactP(n))}";
    }
}
