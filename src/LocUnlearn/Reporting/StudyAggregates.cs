using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Localization;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>Per-localizer mean ± std over seeds of AUES and MU95 for one objective.</summary>
public sealed record LocalizedMetrics(MeanStd Aues, MeanStd Mu95);

/// <summary>How much of V_tgt a localizer finds, over seeds, and what a region drawn at random would find.</summary>
public sealed record LocalizationSummary(MeanStd Recall, MeanStd Precision, double Jaccard, double ChanceRecall, double ChancePrecision);

/// <summary>A model of the controlled setup over seeds: forget and retain ES, model utility, log10 FQ vs θr.</summary>
public sealed record SetupModel(MeanStd? ForgetEs, MeanStd? RetainEs, MeanStd? ModelUtility, MeanStd? Log10ForgetQuality);

/// <summary>Everything the tables, the report and summary.json say, computed once from the runs' results.</summary>
public sealed class StudyAggregates
{
    public StudyAggregates(StudyOutcome outcome)
    {
        Outcome = outcome;
        var runs = outcome.Experiments.Runs;
        var statistics = outcome.Config.Statistics;
        Objectives = outcome.Config.Unlearn.Objectives;
        foreach (var o in Objectives)
            OracleVsRandom[o] = Compare(Arm(runs, RunKind.Unlearn, o, Study.Arm.Oracle), Arm(runs, RunKind.Unlearn, o, Study.Arm.Random), statistics);
        var methods = outcome.Config.Localization.Methods;
        LocalizedRandomArm = methods.Contains(RandomLocalizer.MethodName) ? Study.Arm.Localized(RandomLocalizer.MethodName) : Study.Arm.Random;
        foreach (var method in methods)
        {
            Localized[method] = LocalizedSummary(runs, method);
            if (LocalizationQualityOf(outcome, method) is { } q)
                LocalizationQuality[method] = q;
            if (Study.Arm.Localized(method) == LocalizedRandomArm)
                continue;
            LocalizedVsRandom[method] = Objectives.ToDictionary(o => o, o => Compare(
                Arm(runs, RunKind.Localized, o, Study.Arm.Localized(method)),
                runs.Where(r => r.Objective == o && r.Region == LocalizedRandomArm).ToList(), statistics))
                .Where(kv => kv.Value.Count > 0).ToDictionary();
        }
        ThetaR = new SetupModel(Single(outcome.Retain, StageMetrics.ForgetEs), Single(outcome.Retain, StageMetrics.RetainEs),
            Summary.Of([outcome.Experiments.ThetaR.ModelUtility]), Summary.Of([outcome.Experiments.ThetaR.Log10ForgetQuality]));
        var thetaO = outcome.Seeds.Select(s => outcome.Experiments.ThetaO.GetValueOrDefault(s.Seed)).OfType<Evaluation.TradeOffPoint>().ToList();
        ThetaO = new SetupModel(Over(outcome.Seeds.Select(s => s.Inject), StageMetrics.ForgetEs),
            Over(outcome.Seeds.Select(s => s.Inject), StageMetrics.RetainEs),
            OverValues(thetaO.Select(p => p.ModelUtility)), OverValues(thetaO.Select(p => p.Log10ForgetQuality)));
        var full = outcome.Seeds.Where(s => s.InjectFull is not null).Select(s => s.InjectFull!).ToList();
        ThetaOFull = new SetupModel(Over(full, StageMetrics.ForgetEs), Over(full, StageMetrics.RetainEs), Over(full, StageMetrics.ModelUtility),
            Over(full, StageMetrics.Log10ForgetQuality));
        Checks = ControlledSetupChecks.Of(outcome);
        BeyondTheStudyResults(outcome, runs, statistics);
        Reconstruction = runs.Where(r => r.Kind == RunKind.Reconstruct).ToList();
        FailedRuns = runs.Where(r => !r.Ok).ToList();
    }

    public StudyOutcome Outcome { get; }
    public IReadOnlyList<string> Objectives { get; }
    /// <summary>objective → metric ("aues", "mu95") → Oracle (A) vs Random (B).</summary>
    public Dictionary<string, Dictionary<string, PairedComparison>> OracleVsRandom { get; } = new();
    /// <summary>localizer → objective → AUES/MU95 over seeds.</summary>
    public Dictionary<string, Dictionary<string, LocalizedMetrics>> Localized { get; } = new();
    public Dictionary<string, LocalizationSummary> LocalizationQuality { get; } = new();
    /// <summary>
    /// The Random arm localizers are paired with, by seed: the random localizer's runs (a random top-p region of θo, as in
    /// the study's Table 1) when it is configured, else Oracle-vs-Random's V_rdm runs.
    /// </summary>
    public Arm LocalizedRandomArm { get; }
    /// <summary>localizer (not the Random arm) → objective → metric → the localizer's runs (A) vs the Random arm's (B).</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, PairedComparison>>> LocalizedVsRandom { get; } = new();
    public SetupModel ThetaR { get; }
    public SetupModel ThetaO { get; }
    public SetupModel ThetaOFull { get; }
    /// <summary>The controlled setup's checks (SPEC 4.4); a failed one withholds the report's conclusions.</summary>
    public IReadOnlyList<SetupCheck> Checks { get; }
    public bool SetupFailed => ControlledSetupChecks.AnyFailed(Checks);
    public IReadOnlyList<RunResult> Reconstruction { get; }
    public IReadOnlyList<RunResult> FailedRuns { get; }
    /// <summary>Experiment (d): objective → arm id (oracle, random) → the attack over seeds.</summary>
    public Dictionary<string, Dictionary<string, RelearnArm>> Relearning { get; } = new();
    /// <summary>Experiment (d): objective → metric (recovered_fraction, after_es) → Oracle (A) vs Random (B).</summary>
    public Dictionary<string, Dictionary<string, PairedComparison>> RelearningOracleVsRandom { get; } = new();
    public RelearnReferences? RelearnReferences { get; private set; }
    /// <summary>Experiment (e): every objective × overlap point, and the trends.</summary>
    public List<DosePoint> DoseResponse { get; } = [];
    public List<DoseTrend> DoseTrends { get; } = [];

    private void BeyondTheStudyResults(StudyOutcome outcome, IReadOnlyList<RunResult> runs, Config.StatisticsConfig statistics)
    {
        RelearnReferences = BeyondTheStudy.References(outcome);
        if (outcome.Config.Relearn.Enabled)
            foreach (var o in Objectives)
            {
                var (oracle, random) = (Arm(runs, RunKind.Unlearn, o, Study.Arm.Oracle), Arm(runs, RunKind.Unlearn, o, Study.Arm.Random));
                var arms = new Dictionary<string, RelearnArm>();
                if (BeyondTheStudy.Arm(outcome, oracle) is { } a) arms[Study.Arm.Oracle.Id] = a;
                if (BeyondTheStudy.Arm(outcome, random) is { } b) arms[Study.Arm.Random.Id] = b;
                Relearning[o] = arms;
                var metrics = new Dictionary<string, PairedComparison>();
                bool floor = BeyondTheStudy.AttackRecoversNothing(arms, outcome.Config.Relearn.MinRecoveredFraction);
                foreach (var metric in new[] { BeyondTheStudy.RecoveredFraction(outcome), BeyondTheStudy.AfterEs })
                    if (PairedComparison.Of(oracle, random, metric, statistics) is { } c)
                        metrics[metric.Name] = floor && c.Verdict != Verdict.NotTested ? c with { Verdict = Verdict.Floor } : c;
                RelearningOracleVsRandom[o] = metrics;
            }
        if (!outcome.Config.DoseResponse.Enabled)
            return;
        var objectives = outcome.Config.DoseResponseObjectives();
        var overlaps = outcome.Config.DoseResponse.Overlaps.Order().ToList();
        foreach (var o in objectives)
        {
            DoseResponse.AddRange(overlaps.Select(q => BeyondTheStudy.Point(runs, o, q)));
            foreach (var metric in new[] { MetricOf.Aues, MetricOf.Mu95, BeyondTheStudy.RecoveredEs })
                if (BeyondTheStudy.Trend(runs, o, overlaps, metric) is { } trend)
                    DoseTrends.Add(trend);
        }
    }

    /// <summary>Every Oracle-vs-Random comparison, objectives in config order, AUES before MU95.</summary>
    public IEnumerable<(string Objective, string Metric, PairedComparison Comparison)> OracleVsRandomComparisons() =>
        Objectives.Where(OracleVsRandom.ContainsKey)
            .SelectMany(o => MetricOf.Both.Where(m => OracleVsRandom[o].ContainsKey(m.Name)).Select(m => (o, m.Name, OracleVsRandom[o][m.Name])));

    private static List<RunResult> Arm(IReadOnlyList<RunResult> runs, RunKind kind, string objective, Arm arm) =>
        runs.Where(r => r.Kind == kind && r.Objective == objective && r.Region == arm).ToList();

    private static Dictionary<string, PairedComparison> Compare(IReadOnlyList<RunResult> a, IReadOnlyList<RunResult> b,
        Config.StatisticsConfig statistics)
    {
        var metrics = new Dictionary<string, PairedComparison>();
        foreach (var metric in MetricOf.Both)
            if (PairedComparison.Of(a, b, metric, statistics) is { } c)
                metrics[metric.Name] = c;
        return metrics;
    }

    private Dictionary<string, LocalizedMetrics> LocalizedSummary(IReadOnlyList<RunResult> runs, string method)
    {
        var perObjective = new Dictionary<string, LocalizedMetrics>();
        foreach (var o in Objectives)
        {
            var ok = Arm(runs, RunKind.Localized, o, Study.Arm.Localized(method)).Where(r => r.Ok).ToList();
            if (ok.Count > 0)
                perObjective[o] = new LocalizedMetrics(Summary.Of(ok.Select(r => r.Aues ?? double.NaN).ToList()),
                    Summary.Of(ok.Select(r => r.Mu95 ?? double.NaN).ToList()));
        }
        return perObjective;
    }

    private static LocalizationSummary? LocalizationQualityOf(StudyOutcome outcome, string method)
    {
        var found = outcome.Experiments.Localized.Where(l => l.Localized.Method == method).Select(l => l.Localized.Quality).ToList();
        return found.Count == 0 ? null : new LocalizationSummary(
            Summary.Of(found.Select(q => q.Overlap.Recall).ToList()), Summary.Of(found.Select(q => q.Overlap.Precision).ToList()),
            found.Average(q => q.Overlap.Jaccard), found.Average(q => q.Overlap.ChanceRecall), found.Average(q => q.Overlap.ChancePrecision));
    }

    private static MeanStd? Single(StageRecord record, string key) => record.Metrics.TryGetValue(key, out var v) ? Summary.Of([v]) : null;

    private static MeanStd? Over(IEnumerable<StageRecord> records, string key) =>
        OverValues(records.Where(r => r.Metrics.ContainsKey(key)).Select(r => r.Metrics[key]));

    private static MeanStd? OverValues(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        return list.Count == 0 ? null : Summary.Of(list);
    }
}
