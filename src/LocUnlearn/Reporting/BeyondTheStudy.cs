using LocUnlearn.Config;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>One arm's relearning attack over seeds: held-out forget ES before and after, and the recovered fraction.</summary>
public sealed record RelearnArm(MeanStd BeforeEs, MeanStd AfterEs, MeanStd? RecoveredFraction);

/// <summary>The attack's references over seeds: θr before and after the same attack (the floor), θo's held-out ES (the ceiling).</summary>
public sealed record RelearnReferences(MeanStd ThetaRBefore, MeanStd ThetaRAfter, MeanStd ThetaO);

/// <summary>One objective at one overlap q of the dose-response: each metric's mean with its 95% t interval over seeds.</summary>
public sealed record DosePoint(string Objective, double Overlap, ConfidenceInterval? Aues, ConfidenceInterval? Mu95, ConfidenceInterval? RecoveredEs);

/// <summary>The dose-response trend of one metric: the per-seed least-squares slope against q, its mean over seeds with
/// a 95% t interval, and the one-sample t-test of the slopes against 0 (a paired trend test).</summary>
public sealed record DoseTrend(string Objective, string Metric, ConfidenceInterval Slope, double P);

/// <summary>
/// Experiments (d) and (e) (SPEC 12) from the runs' records: the relearning attack per objective and arm with Oracle vs
/// Random compared as Table 2 does, and the dose-response points and trends.
/// </summary>
public static class BeyondTheStudy
{
    public static MetricOf RecoveredFraction(StudyOutcome outcome) => new("recovered_fraction",
        r => r.Relearning is { } a && ThetaOEs(outcome, r.Seed) is { } top && a.RecoveredFraction(top) is var f && double.IsFinite(f) ? f : null,
        _ => false, m => m.Relearning);

    public static MetricOf AfterEs { get; } = new("after_es", r => r.Relearning?.AfterEs, _ => false, m => m.Relearning);

    /// <summary>The held-out ES the attack brought back: after − before.</summary>
    public static MetricOf RecoveredEs { get; } = new("recovered_es",
        r => r.Relearning is { } a ? a.AfterEs - a.BeforeEs : null, _ => false, m => m.Relearning);

    public static double? ThetaOEs(StudyOutcome outcome, long seed) =>
        outcome.RelearnReferences.TryGetValue(seed, out var record) && record.Metrics.TryGetValue(RelearnUnit.ThetaO, out var v) ? v : null;

    public static RelearnArm? Arm(StudyOutcome outcome, IReadOnlyList<RunResult> runs)
    {
        var attacked = runs.Where(r => r.Ok && r.Relearning is not null).ToList();
        if (attacked.Count == 0) return null;
        var recovered = attacked.Select(r => RecoveredFraction(outcome).Value(r)).OfType<double>().ToList();
        return new RelearnArm(
            Summary.Of(attacked.Select(r => r.Relearning!.BeforeEs).ToList()),
            Summary.Of(attacked.Select(r => r.Relearning!.AfterEs).ToList()),
            recovered.Count == 0 ? null : Summary.Of(recovered));
    }

    /// <summary>Whether the attack brought (almost) nothing back in every arm: each arm's mean recovered fraction below
    /// <paramref name="minRecoveredFraction"/> (relearn.min_recovered_fraction). An arm without a recovered fraction
    /// (θo no better than the unlearned model on the held-out half) recovered nothing either.</summary>
    public static bool AttackRecoversNothing(IReadOnlyDictionary<string, RelearnArm> arms, double minRecoveredFraction) =>
        arms.Count > 0 && arms.Values.All(a => a.RecoveredFraction is not { } f || f.Mean < minRecoveredFraction);

    public static RelearnReferences? References(StudyOutcome outcome)
    {
        var records = outcome.RelearnReferences.Values.ToList();
        if (records.Count == 0) return null;
        MeanStd Of(string key) => Summary.Of(records.Select(r => r.Metrics[key]).ToList());
        return new RelearnReferences(Of(RelearnUnit.ThetaRBefore), Of(RelearnUnit.ThetaRAfter), Of(RelearnUnit.ThetaO));
    }

    /// <summary>The runs of one objective at overlap q: the dose-response's own runs, Random's at 0 and Oracle's at 1.</summary>
    public static List<RunResult> AtOverlap(IReadOnlyList<RunResult> runs, string objective, double q) =>
        runs.Where(r => r.Ok && r.Kind == RunKind.Unlearn && r.Objective == objective && r.Region.OverlapWithTarget == q).ToList();

    public static DosePoint Point(IReadOnlyList<RunResult> runs, string objective, double q)
    {
        var at = AtOverlap(runs, objective, q);
        ConfidenceInterval? Ci(MetricOf m)
        {
            var values = at.Where(r => !m.FromThetaOAlone(r)).Select(m.Value).OfType<double>().Where(double.IsFinite).ToList();
            return values.Count == 0 ? null : MeanConfidenceInterval.StudentT(values);
        }
        return new DosePoint(objective, q, Ci(MetricOf.Aues), Ci(MetricOf.Mu95), Ci(RecoveredEs));
    }

    /// <summary>Per seed, the least-squares slope of the metric over the overlaps it has (at least 2), then their mean.</summary>
    public static DoseTrend? Trend(IReadOnlyList<RunResult> runs, string objective, IReadOnlyList<double> overlaps, MetricOf metric)
    {
        var slopes = new List<double>();
        foreach (long seed in runs.Select(r => r.Seed).Distinct().Order())
        {
            var points = overlaps.SelectMany(q => AtOverlap(runs, objective, q).Where(r => r.Seed == seed && !metric.FromThetaOAlone(r))
                .Select(r => (Q: q, Y: metric.Value(r)))).Where(p => p.Y is double y && double.IsFinite(y)).ToList();
            if (points.Select(p => p.Q).Distinct().Count() >= 2)
                slopes.Add(Slope(points.Select(p => (p.Q, p.Y!.Value)).ToList()));
        }
        if (slopes.Count == 0) return null;
        return new DoseTrend(objective, metric.Name, MeanConfidenceInterval.StudentT(slopes), PairedTTest.TwoSided(slopes).PValue);
    }

    /// <summary>Ordinary least-squares slope of y on x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        return sxx == 0 ? double.NaN : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }
}
