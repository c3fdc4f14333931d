using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>
/// The result tables for programs: one value per cell, a fixed column set per table whatever the run (a value that
/// does not exist is an empty cell), numbers at full precision, <c>verdict</c> as text and <c>degenerate</c> as
/// true/false. table2.csv and table1.csv have one row per comparison; per_seed.csv is long format, one row per run and
/// metric.
/// </summary>
public static class ResultCsv
{
    private static readonly string[] ComparisonColumns =
    [
        "a_mean", "a_std", "random_mean", "random_std", "abs_delta_mean", "abs_delta_std", "delta_mean", "delta_ci95_low", "delta_ci95_high",
        "n_seeds", "seeds_agreeing_in_sign", "p_permutation", "p_paired_t", "p_tost", "equivalence_margin", "effect_size_dz", "p_welch",
        "verdict", "degenerate", "degenerate_runs", "mde_80",
    ];

    public static Table OracleVsRandom(StudyAggregates agg)
    {
        var t = new Table(["objective", "metric", .. ComparisonColumns.Select(c => Arm("oracle", c)), "study_random", "study_oracle", "study_p"]);
        foreach (var (objective, metric, c) in agg.OracleVsRandomComparisons())
        {
            var study = StudyReferenceNumbers.ForObjective(objective);
            bool aues = metric == MetricOf.Aues.Name;
            t.AddRow([objective, metric, .. Comparison(c),
                Number(study is null ? null : aues ? study.AuesRandom : study.Mu95Random),
                Number(study is null ? null : aues ? study.AuesOracle : study.Mu95Oracle),
                Number(study is null ? null : aues ? study.AuesP : study.Mu95P)]);
        }
        return t;
    }

    /// <summary>One row per localizer, objective and metric: its AUES/MU95 over seeds and, for every localizer but the
    /// Random arm itself, the comparison with Random.</summary>
    public static Table LocalizersVsRandom(StudyAggregates agg)
    {
        var t = new Table(["localizer", "objective", "metric", "mean", "std", "n_runs",
            .. ComparisonColumns.Select(c => "vs_random_" + Arm("localized", c))]);
        foreach (var (method, perObjective) in agg.Localized)
            foreach (var o in agg.Objectives.Where(perObjective.ContainsKey))
                foreach (var metric in MetricOf.Both)
                {
                    var values = metric == MetricOf.Aues ? perObjective[o].Aues : perObjective[o].Mu95;
                    var c = agg.LocalizedVsRandom.GetValueOrDefault(method)?.GetValueOrDefault(o)?.GetValueOrDefault(metric.Name);
                    t.AddRow([method, o, metric.Name, Number(values.Mean), Number(values.Std), values.Count,
                        .. c is null ? ComparisonColumns.Select(_ => (TableCell)"") : Comparison(c)]);
                }
        return t;
    }

    public static Table LocalizationQuality(StudyAggregates agg)
    {
        var t = new Table("localizer", "recall_mean", "recall_std", "precision_mean", "precision_std", "jaccard", "chance_recall",
            "chance_precision", "n_seeds");
        foreach (var (method, q) in agg.LocalizationQuality)
            t.AddRow(method, Number(q.Recall.Mean), Number(q.Recall.Std), Number(q.Precision.Mean), Number(q.Precision.Std), Number(q.Jaccard),
                Number(q.ChanceRecall), Number(q.ChancePrecision), q.Recall.Count);
        return t;
    }

    /// <summary>Every run's AUES and MU95 (long format): what the tests above were computed from.</summary>
    public static Table PerSeed(StudyAggregates agg)
    {
        var t = new Table("kind", "objective", "metric", "arm", "seed", "value", "mu95_from_theta_o", "status");
        foreach (var r in agg.Outcome.Experiments.Runs.Where(r => r.Kind != RunKind.Reconstruct)
                     .OrderBy(r => r.Kind).ThenBy(r => ObjectiveOrder(agg, r.Objective)).ThenBy(r => r.Region.Id, StringComparer.Ordinal).ThenBy(r => r.Seed))
            foreach (var metric in MetricOf.Both)
                t.AddRow(r.Kind.ToString().ToLowerInvariant(), r.Objective, metric.Name, r.Region.Id, r.Seed, Number(metric.Value(r)),
                    metric == MetricOf.Mu95 ? Bool(r.Mu95FromThetaO) : "", r.Status);
        return t;
    }

    private static IEnumerable<TableCell> Comparison(PairedComparison c) =>
    [
        Number(c.MeanA.Mean), Number(c.MeanA.Std), Number(c.MeanB.Mean), Number(c.MeanB.Std), Number(c.AbsDelta.Mean), Number(c.AbsDelta.Std),
        Number(c.MeanDelta), Number(c.Ci95.Low), Number(c.Ci95.High), c.Seeds.Count, c.SeedsAgreeingInSign, Number(c.PPermutation),
        Number(c.PPairedT), Number(c.PTost), Number(c.Margin), Number(c.EffectSizeDz), Number(c.PWelch), c.Verdict.Name(), Bool(c.Degenerate),
        c.DegenerateRuns, Number(c.Mde80),
    ];

    /// <summary>The comparison columns name arm A after what it is: oracle_mean, localized_std.</summary>
    private static string Arm(string name, string column) => column.StartsWith("a_", StringComparison.Ordinal) ? name + column[1..] : column;

    private static int ObjectiveOrder(StudyAggregates agg, string objective)
    {
        int i = agg.Objectives.ToList().IndexOf(objective);
        return i < 0 ? int.MaxValue : i;
    }

    private static TableCell Number(double? v) => v is double d && double.IsFinite(d) ? new TableCell(d.ToString("R"), d) : "";

    private static TableCell Bool(bool b) => b ? "true" : "false";
}
