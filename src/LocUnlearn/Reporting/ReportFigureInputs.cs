using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Evaluation;
using LocUnlearn.Reporting.Rendering.Plots;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>
/// What each figure of the report draws, taken from a study's outcome: pure functions, so what a reader is shown (which
/// runs, which order, which values are marked θo-only) is tested on hand-built outcomes, not on pixels.
/// </summary>
public static class ReportFigureInputs
{
    public const string AuesLabel = "AUES, area under the FS–RS curve   (higher = better →)";
    public const string Mu95Label = "MU95, best log₁₀ FQ at MU ≥ 0.95·MU(θo)   (higher →)";
    public const string ThetaRFloorLabel = "θr, same attack (floor; mean over seeds)", ThetaOCeilingLabel = "θo (ceiling; mean over seeds)";

    /// <summary>The headline figure's panels: AUES and MU95, a group per objective (WGA, NPO, DPO, RMU, then the config's
    /// order), Oracle and Random per seed; failed runs left out; MU95 values that are θo's own marked.</summary>
    public static IReadOnlyList<PairedArmsPanel> OracleVsRandom(StudyOutcome outcome)
    {
        var runs = outcome.Experiments.Runs
            .Where(r => r.Ok && r.Kind == RunKind.Unlearn && (r.Region == Arm.Oracle || r.Region == Arm.Random))
            .ToList();
        var objectives = ObjectiveOrder.Of(runs.Select(r => r.Objective), outcome.Config.Unlearn.Objectives);
        int seeds = runs.Select(r => r.Seed).Distinct().Count();
        string over = seeds == 1 ? "1 seed" : $"{seeds} seeds";
        return
        [
            Panel($"AUES, Oracle vs Random ({over})", AuesLabel, objectives, runs, r => r.Aues is { } v ? new SeedValue(r.Seed, v) : null),
            Panel($"MU95, Oracle vs Random ({over})", Mu95Label, objectives, runs,
                r => r.Mu95 is { } v ? new SeedValue(r.Seed, v, r.Mu95FromThetaO) : null),
        ];
    }

    /// <summary>relearning.png's panels: per objective, Oracle and Random per seed, the held-out ES after the attack and the
    /// fraction of θo's it recovered.</summary>
    public static IReadOnlyList<PairedArmsPanel> Relearning(StudyOutcome outcome)
    {
        var runs = outcome.Experiments.Runs
            .Where(r => r.Ok && r.Relearning is not null && r.Kind == RunKind.Unlearn && (r.Region == Arm.Oracle || r.Region == Arm.Random))
            .ToList();
        var objectives = ObjectiveOrder.Of(runs.Select(r => r.Objective), outcome.Config.Unlearn.Objectives);
        var recovered = BeyondTheStudy.RecoveredFraction(outcome);
        // θr attacked the same way is the floor (what the attack teaches a model that never saw the forget set) and θo the
        // ceiling; drawn as lines, not subtracted (ISSUE-NOTES 16).
        var references = BeyondTheStudy.References(outcome);
        IReadOnlyList<ReferenceLine> Lines(Func<RelearnReferences, double> thetaR) => references is { } refs
            ? [new ReferenceLine(ThetaRFloorLabel, thetaR(refs)), new ReferenceLine(ThetaOCeilingLabel, refs.ThetaO.Mean)]
            : [];
        return
        [
            Panel("Held-out forget ES before the attack", "held-out forget ES (lower = forgotten)", objectives, runs,
                r => new SeedValue(r.Seed, r.Relearning!.BeforeEs)) with { References = Lines(r => r.ThetaRBefore.Mean) },
            Panel("... and after it", "held-out forget ES after relearning (lower = durable)", objectives, runs,
                r => new SeedValue(r.Seed, r.Relearning!.AfterEs)) with { References = Lines(r => r.ThetaRAfter.Mean) },
            Panel("Recovered fraction", "(after − before) / (θo − before)   (lower = durable)", objectives, runs,
                r => recovered.Value(r) is { } v ? new SeedValue(r.Seed, v) : null),
        ];
    }

    /// <summary>dose_response.png's series, objective by objective: AUES, MU95 and, when the attack ran, the recovered ES.</summary>
    public static IReadOnlyList<DoseSeries> DoseResponse(StudyOutcome outcome)
    {
        var overlaps = outcome.Config.DoseResponse.Overlaps.Order().ToList();
        var metrics = outcome.Config.Relearn.Enabled ? new[] { MetricOf.Aues, MetricOf.Mu95, BeyondTheStudy.RecoveredEs } : [MetricOf.Aues, MetricOf.Mu95];
        var objectives = ObjectiveOrder.Of(outcome.Config.DoseResponseObjectives(), outcome.Config.Unlearn.Objectives);
        return objectives.SelectMany(o => metrics.Select(m => new DoseSeries(o, m.Name, overlaps.Select(q =>
        {
            // The table's values: a run whose MU95 is θo's own says nothing about the region (left out, as in the table).
            var values = BeyondTheStudy.AtOverlap(outcome.Experiments.Runs, o, q)
                .Where(r => !m.FromThetaOAlone(r))
                .Select(m.Value)
                .OfType<double>()
                .Where(double.IsFinite)
                .ToList();
            return (q, (IReadOnlyList<double>)values, values.Count == 0 ? null : MeanConfidenceInterval.StudentT(values));
        }).ToList()))).ToList();
    }

    /// <summary>The regions-per-layer figure's regions: V_tgt, V_rdm and every localizer's region (the random localizer's
    /// too) of one seed, the first with localized regions (localization may run on fewer seeds than the study).</summary>
    public static (long Seed, IReadOnlyList<RegionLayerCounts> Regions)? RegionLayers(StudyOutcome outcome)
    {
        if (outcome.Seeds.Count == 0)
            return null;
        var localized = outcome.Experiments.Localized;
        var seed = outcome.Seeds.FirstOrDefault(s => localized.Any(l => l.Seed == s.Seed)) ?? outcome.Seeds[0];
        var regions = new List<RegionLayerCounts>
        {
            new(RegionStyle.TargetSet, seed.Target.PerLayerCounts), new(RegionStyle.RandomSet, seed.Random.PerLayerCounts),
        };
        regions.AddRange(localized.Where(l => l.Seed == seed.Seed)
            .Select(l => new RegionLayerCounts(Arm.Localized(l.Localized.Method).Id, l.Localized.Region.PerLayerCounts)));
        return (seed.Seed, regions);
    }

    /// <summary>The reconstruction regions' final per-layer residuals, and θo's (the same for every region of a seed: each
    /// starts from θo) as the baseline; the runs of the first reconstruction seed only.</summary>
    public static (IReadOnlyList<LayerSeries> Final, LayerSeries? Baseline) ReconstructionResiduals(IReadOnlyList<RunResult> runs)
    {
        var reconstruction = runs.Where(r => r.Ok && r.Kind == RunKind.Reconstruct).ToList();
        if (reconstruction.Count == 0)
            return ([], null);
        long seed = reconstruction[0].Seed;
        var ofSeed = reconstruction.Where(r => r.Seed == seed).ToList();
        var final = ofSeed.Where(r => r.FinalLayerResiduals is not null)
            .Select(r => new LayerSeries(r.Region.Id, r.Region.DisplayName, r.FinalLayerResiduals!)).ToList();
        var baseline = ofSeed.FirstOrDefault(r => r.InitialLayerResiduals is not null)?.InitialLayerResiduals is { } start
            ? new LayerSeries("theta_o", "θo (before reconstruction)", start)
            : null;
        return (final, baseline);
    }

    /// <summary>θr's point with log10 FQ = 0 where it is not a number: θr's forget quality against itself is 1 by
    /// definition (a KS test of a sample against itself).</summary>
    public static TradeOffPoint GoldStandard(TradeOffPoint thetaR) =>
        double.IsNaN(thetaR.Log10ForgetQuality) ? thetaR with { Log10ForgetQuality = 0 } : thetaR;

    private static PairedArmsPanel Panel(string title, string yLabel, IReadOnlyList<string> objectives, List<RunResult> runs,
        Func<RunResult, SeedValue?> value)
    {
        ArmValues Values(string objective, Arm arm) => new(arm, runs
            .Where(r => r.Objective == objective && r.Region == arm)
            .Select(value).OfType<SeedValue>().Where(v => double.IsFinite(v.Value))
            .OrderBy(v => v.Seed).ToList());
        var groups = objectives
            .Select(o => new PairedArms(o, Values(o, Arm.Oracle), Values(o, Arm.Random)))
            .Where(g => g.First.Seeds.Count + g.Second.Seeds.Count > 0)
            .ToList();
        return new PairedArmsPanel(title, yLabel, groups);
    }
}
