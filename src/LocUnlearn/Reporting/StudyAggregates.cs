using LocUnlearn.Localization;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study.Units;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>Per-localizer mean ± std over seeds of AUES and MU95 for one objective.</summary>
public sealed record LocalizedMetrics(MeanStd Aues, MeanStd Mu95);

/// <summary>How much of V_tgt a localizer finds, over seeds, and what a region drawn at random would find.</summary>
public sealed record LocalizationSummary(MeanStd Recall, MeanStd Precision, double Jaccard, double ChanceRecall, double ChancePrecision);

/// <summary>Everything the tables, the report and summary.json say, computed once from the runs' results.</summary>
public sealed class StudyAggregates
{
    public StudyAggregates(StudyOutcome outcome)
    {
        var runs = outcome.Experiments.Runs;
        Objectives = outcome.Config.Unlearn.Objectives;
        foreach (var o in Objectives)
        {
            var oracle = runs.Where(r => r.Kind == RunKind.Unlearn && r.Objective == o && r.Region == Arm.Oracle).ToList();
            var random = runs.Where(r => r.Kind == RunKind.Unlearn && r.Objective == o && r.Region == Arm.Random).ToList();
            var metrics = new Dictionary<string, PairedComparison>();
            if (PairedComparison.Of(oracle, random, r => r.Aues) is { } aues) metrics["aues"] = aues;
            if (PairedComparison.Of(oracle, random, r => r.Mu95) is { } mu95) metrics["mu95"] = mu95;
            OracleVsRandom[o] = metrics;
        }
        foreach (var method in outcome.Config.Localization.Methods)
        {
            var perObjective = new Dictionary<string, LocalizedMetrics>();
            foreach (var o in Objectives)
            {
                var ok = runs.Where(r => r.Kind == RunKind.Localized && r.Objective == o && r.Region == Arm.Localized(method) && r.Ok).ToList();
                if (ok.Count == 0) continue;
                perObjective[o] = new LocalizedMetrics(Summary.Of(ok.Select(r => r.Aues ?? double.NaN).ToList()),
                    Summary.Of(ok.Select(r => r.Mu95 ?? double.NaN).ToList()));
            }
            Localized[method] = perObjective;
            var found = outcome.Experiments.Localized.Where(l => l.Localized.Method == method).Select(l => l.Localized.Quality).ToList();
            if (found.Count > 0)
                LocalizationQuality[method] = new LocalizationSummary(
                    Summary.Of(found.Select(q => q.Overlap.Recall).ToList()), Summary.Of(found.Select(q => q.Overlap.Precision).ToList()),
                    found.Average(q => q.Overlap.Jaccard), found.Average(q => q.Overlap.ChanceRecall), found.Average(q => q.Overlap.ChancePrecision));
        }
        LocalizedRandomArm = outcome.Config.Localization.Methods.Contains(RandomLocalizer.MethodName) ? Arm.Localized(RandomLocalizer.MethodName) : Arm.Random;
        foreach (var method in outcome.Config.Localization.Methods.Where(m => Arm.Localized(m) != LocalizedRandomArm))
        {
            var perObjective = new Dictionary<string, Dictionary<string, PairedComparison>>();
            foreach (var o in Objectives)
            {
                var localized = runs.Where(r => r.Kind == RunKind.Localized && r.Objective == o && r.Region == Arm.Localized(method)).ToList();
                var random = runs.Where(r => r.Objective == o && r.Region == LocalizedRandomArm).ToList();
                var metrics = new Dictionary<string, PairedComparison>();
                if (PairedComparison.Of(localized, random, r => r.Aues) is { } aues) metrics["aues"] = aues;
                if (PairedComparison.Of(localized, random, r => r.Mu95) is { } mu95) metrics["mu95"] = mu95;
                if (metrics.Count > 0) perObjective[o] = metrics;
            }
            LocalizedVsRandom[method] = perObjective;
        }
        ThetaR = (Single(outcome.Retain.Metrics, "forget_es"), Single(outcome.Retain.Metrics, "retain_es"));
        ThetaO = (Over(outcome.Seeds.Select(s => s.Inject.Metrics), "forget_es"), Over(outcome.Seeds.Select(s => s.Inject.Metrics), "retain_es"));
        var full = outcome.Seeds.Where(s => s.InjectFull is not null).Select(s => s.InjectFull!.Metrics).ToList();
        ThetaOFull = (Over(full, "forget_es"), Over(full, "retain_es"));
        Reconstruction = runs.Where(r => r.Kind == RunKind.Reconstruct).ToList();
        FailedRuns = runs.Where(r => !r.Ok).ToList();
    }

    public IReadOnlyList<string> Objectives { get; }
    /// <summary>objective → metric ("aues", "mu95") → Oracle (A) vs Random (B).</summary>
    public Dictionary<string, Dictionary<string, PairedComparison>> OracleVsRandom { get; } = new();
    /// <summary>localizer → objective → AUES/MU95 over seeds.</summary>
    public Dictionary<string, Dictionary<string, LocalizedMetrics>> Localized { get; } = new();
    public Dictionary<string, LocalizationSummary> LocalizationQuality { get; } = new();
    /// <summary>
    /// The Random arm localizers are paired with, by seed: the "random" localizer's runs (region loc-random, a random
    /// top-p region of θo, as in the study's Table 1) when it is configured, else Oracle-vs-Random's V_rdm runs ("random").
    /// </summary>
    public Arm LocalizedRandomArm { get; }
    /// <summary>localizer (not the Random arm) → objective → metric → the localizer's runs (A) vs the Random arm's (B).</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, PairedComparison>>> LocalizedVsRandom { get; } = new();
    public (MeanStd? ForgetEs, MeanStd? RetainEs) ThetaR { get; }
    public (MeanStd? ForgetEs, MeanStd? RetainEs) ThetaO { get; }
    public (MeanStd? ForgetEs, MeanStd? RetainEs) ThetaOFull { get; }
    public IReadOnlyList<RunResult> Reconstruction { get; }
    public IReadOnlyList<RunResult> FailedRuns { get; }

    private static MeanStd? Single(IReadOnlyDictionary<string, double> metrics, string key) =>
        metrics.TryGetValue(key, out var v) ? Summary.Of([v]) : null;

    private static MeanStd? Over(IEnumerable<IReadOnlyDictionary<string, double>> records, string key)
    {
        var values = records.Where(m => m.ContainsKey(key)).Select(m => m[key]).ToList();
        return values.Count == 0 ? null : Summary.Of(values);
    }
}
