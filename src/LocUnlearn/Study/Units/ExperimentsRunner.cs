using LocUnlearn.Evaluation;
using LocUnlearn.Reporting;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// Experiments (a) Oracle vs Random for every objective and seed, (b) localizers' regions vs Random, (c) MLP-output
/// reconstruction (SPEC 4, 7, 8). θo of a seed is loaded once; every run reverts it exactly when done.
/// </summary>
public sealed class ExperimentsRunner(StudyContext ctx, StageTimings timings)
{
    public ExperimentResults Run(IReadOnlyList<SeedSetup> seeds, string thetaR, string thetaRFingerprint)
    {
        var c = ctx.Config;
        var evaluator = new ModelEvaluator(CachedEvaluations.Suite(ctx));
        var thetaREval = timings.Time("evaluate", () => CachedEvaluations.ThetaR(ctx, thetaR, thetaRFingerprint));
        var ratios = thetaREval.ForgetTruthRatios ?? throw new InvalidOperationException("θr's forget truth ratios were not computed");
        var thetaRPoint = Point(0, thetaREval.Point);
        var thetaOPoints = new Dictionary<long, TrajectoryPoint>();
        var runs = new List<RunResult>();
        var localized = new List<(long, LocalizedRegion)>();
        int localizationSeeds = c.Localization.Seeds > 0 ? c.Localization.Seeds : seeds.Count;
        TradeOffPoint Evaluate(Model.LlamaForCausalLM model) => timings.Time("evaluate", () => evaluator.Evaluate(model, ratios).Point);

        for (int s = 0; s < seeds.Count; s++)
        {
            var seed = seeds[s];
            using var thetaO = ctx.LoadModel(seed.ThetaO);
            // Every run of a seed starts from the same θo: its step-0 point is evaluated once.
            TradeOffPoint? start = null;
            TradeOffPoint Score(int step, Model.LlamaForCausalLM model) =>
                step == 0 ? start ??= timings.Time("evaluate", () => CachedEvaluations.ThetaO(ctx, seed, model, thetaREval)) : Evaluate(model);
            var data = new UnlearningData(ctx.Data.Forget, ctx.Data.Retain,
                UnlearningData.EncodeRefusals(ctx.Data.Encoder, ctx.Data.ForgetSplit.Items, ctx.Data.Reader.LoadRefusals(), seed.Seed));
            foreach (var objective in c.Unlearn.Objectives)
                foreach (var (name, region) in new[] { ("oracle", seed.Target), ("random", seed.Random) })
                    runs.Add(timings.Time("unlearn", () => UnlearnJob.Run(ctx, seed, thetaO, objective, name, region, "unlearn", Score, data)));
            if (runs.FirstOrDefault(r => r.Seed == seed.Seed && r.Ok && r.Trajectory.Count > 0) is { } first)
                thetaOPoints[seed.Seed] = first.Trajectory[0];

            if (s < localizationSeeds)
            {
                foreach (var method in c.Localization.Methods)
                {
                    var loc = timings.Time("localize", () => LocalizeJob.Run(ctx, seed, thetaO, method));
                    localized.Add((seed.Seed, loc));
                    ctx.Progress.Log($"{method} seed {seed.Seed}: recall of V_tgt {loc.Quality.Overlap.Recall:F3} (chance {loc.Quality.Overlap.ChanceRecall:F3}), precision {loc.Quality.Overlap.Precision:F3}");
                    foreach (var objective in c.Unlearn.Objectives)
                        runs.Add(timings.Time("unlearn-localized", () => UnlearnJob.Run(ctx, seed, thetaO, objective, $"loc-{method}", loc.Region, "localized", Score, data)));
                }
            }

            if (s == 0 && c.Reconstruction.Enabled)
            {
                var reference = new FrozenCopyReference(ctx.LoadModel(thetaR));
                using (reference)
                    foreach (var (name, region) in ReconstructJob.Regions(ctx, seed))
                        runs.Add(timings.Time("reconstruct", () => ReconstructJob.Run(ctx, seed, thetaO, reference, thetaRFingerprint, name, region, Score)));
            }
        }
        return new ExperimentResults(thetaRPoint, thetaOPoints, runs, localized);
    }

    /// <summary>The study's evaluation settings (also used by `locunlearn report` to evaluate θr the same way).</summary>
    public static EvaluationSettings EvaluationSettingsFor(Config.ExperimentConfig c) => new()
    {
        ForgetSplit = c.Data.ForgetSplit,
        RetainSplit = c.Data.RetainSplit,
        RetainItems = c.Evaluation.RetainItems > 0 ? c.Evaluation.RetainItems : int.MaxValue,
        MaxUtilityItems = c.Evaluation.UtilityItems > 0 ? c.Evaluation.UtilityItems : null,
        MaxNewTokens = c.Evaluation.MaxNewTokens,
        BatchSize = c.Evaluation.BatchSize,
    };

    private static TrajectoryPoint Point(int step, TradeOffPoint p) => new(step, p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility);
}
