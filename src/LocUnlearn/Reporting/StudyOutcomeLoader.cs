using LocUnlearn.Evaluation;
using LocUnlearn.Config;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Localization;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// `locunlearn report`: the <see cref="StudyOutcome"/> of whatever has finished in a run directory, read from its
/// records (stage record.json, run result.json, localizer scores), so results/ can be rebuilt while a run is still going
/// or after it was interrupted. Records are taken as they are (their fingerprints are not re-derived). θr's own point comes
/// from its evaluation.json (evaluated now, with the study's evaluation settings, when absent).
/// </summary>
public static class StudyOutcomeLoader
{
    public static StudyOutcome Load(StudyContext ctx)
    {
        var layout = ctx.Layout;
        var config = ctx.Config;
        string retainDir = layout.Stage(RetainStage.Name);
        var retain = StageStore.Read(retainDir)
            ?? throw new ConfigException($"{layout.Root}: θr (stages/retain) has not finished, so there is nothing to report yet; " +
                "run `locunlearn stage retain` or `locunlearn run` first.");

        var seeds = new List<SeedSetup>();
        // V_rdm is written after θo and before any unlearning run of the seed: without it the seed has no results.
        foreach (long seed in config.SeedList())
            if (SeedSetups.TryRead(layout, seed) is { } setup)
                seeds.Add(setup);

        var runs = new List<RunResult>();
        var localized = new List<(long, LocalizedRegion)>();
        var thetaO = new Dictionary<long, TradeOffPoint>();
        double wall = retain.WallSeconds + (StageStore.Read(layout.Stage(PretrainStage.Name))?.WallSeconds ?? 0);
        foreach (var seed in seeds)
        {
            wall += seed.Inject.WallSeconds + (seed.InjectFull?.WallSeconds ?? 0);
            var seedRuns = new[] { "unlearn", "reconstruct" }
                .Select(kind => Path.Combine(layout.SeedDir(seed.Seed), kind))
                .Where(Directory.Exists)
                .SelectMany(dir => Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
                .Select(RunStore.Read).OfType<RunResult>().ToList();
            runs.AddRange(seedRuns);
            wall += seedRuns.Sum(r => r.WallSeconds);
            if (ThetaOPoint(layout, config, seed, seedRuns) is { } start)
                thetaO[seed.Seed] = start;
            foreach (string method in config.Localization.Methods)
            {
                string dir = layout.Localize(seed.Seed, method);
                string scoresFile = Path.Combine(dir, LocalizeUnit.ScoresFile);
                if (StageStore.Read(dir) is null || !File.Exists(scoresFile)) continue;
                var scores = ValueVectorScores.Load(scoresFile);
                double fraction = config.Inject.Fraction;
                localized.Add((seed.Seed, new LocalizedRegion(method, scores.Top(fraction), LocalizationQuality.Of(scores, seed.Target, fraction))));
            }
        }

        var thetaR = CachedEvaluations.ThetaR(ctx, RetainStage.ModelDir(config, layout), retain.Identity()).Point;
        return new StudyOutcome(layout, config, retain, seeds, new ExperimentResults(thetaR, thetaO, runs, localized),
            new StageTimings(), wall)
        {
            ForgetItems = ctx.Data.Forget.Count,
            RelearnReferences = seeds.Select(s => (s.Seed, Record: StageStore.Read(layout.Relearn(s.Seed))))
                .Where(x => x.Record is not null).ToDictionary(x => x.Seed, x => x.Record!),
        };
    }

    /// <summary>θo's point: its cached evaluation (evaluation.json), else step 0 of one of its runs, else unknown.</summary>
    private static TradeOffPoint? ThetaOPoint(RunLayout layout, ExperimentConfig config, SeedSetup seed, IReadOnlyList<RunResult> runs) =>
        EvaluationCache.Read(EvaluationCache.ThetaOFile(layout, seed.Seed), EvaluationCache.FingerprintOf(seed.ThetaOFingerprint, config))?.Point
        ?? runs.FirstOrDefault(r => r.Ok && r.Kind != RunKind.Reconstruct && r.Trajectory.Count > 0)?.Trajectory[0].Point;
}
