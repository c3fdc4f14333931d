using System.Diagnostics;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// The study's Figure 1 (SPEC 8): train a region of θo so each layer's MLP output on forget inputs matches the frozen
/// θr, with the Oracle region V_tgt and Random regions A, B, C; trajectories in (FS, RS) and (log FQ, MU), final
/// per-layer residuals.
/// </summary>
public static class ReconstructJob
{
    /// <summary>The regions: oracle = V_tgt; random_a, random_b, ... = uniform from V_tgt's complement, same size.</summary>
    public static IReadOnlyList<(string Name, Region Region)> Regions(StudyContext ctx, SeedSetup seed)
    {
        var regions = new List<(string, Region)> { ("oracle", seed.Target) };
        for (int i = 0; i < ctx.Config.Reconstruction.RandomRegions; i++)
        {
            string name = $"random_{(char)('a' + i)}";
            regions.Add((name, RegionSampler.FromComplement(seed.Target, seed.Target.Count, seed.Seed * 1000 + 17 + i)));
        }
        return regions;
    }

    public static RunResult Run(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, IReferenceModel thetaR, string thetaRFingerprint,
        string regionName, Region region, CheckpointScorer score)
    {
        var c = ctx.Config.Reconstruction;
        string dir = ctx.Layout.Reconstruct(seed.Seed, regionName);
        var training = c.Training with { Seed = c.Training.Seed + seed.Seed };
        string fingerprint = StageStore.Fingerprint("reconstruct", seed.ThetaOFingerprint, thetaRFingerprint, training, c.EvalEvery,
            ctx.Config.Evaluation, UnlearnJob.RegionFingerprint(region));
        if (RunStore.Completed(dir, fingerprint) is { } done)
            return done;
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        double[]? residuals = null;
        var settings = new UnlearningRunSettings { Training = training, EvalEvery = c.EvalEvery, CommitToModel = false, FreeKeys = ctx.Config.Inject.FreeKeys };
        var data = new UnlearningData(ctx.Data.Forget, ctx.Data.Retain);
        RunResult result;
        int advanced = 0;
        using (var task = ctx.Progress.Start("reconstruct", $"{regionName} seed {seed.Seed}", training.Steps))
        {
            try
            {
                var run = UnlearningRun.Run(thetaO, region, new MlpReconstruction(), data, ctx.Data.Collator, settings,
                    (step, model) =>
                    {
                        if (step == training.Steps)
                            residuals = MlpReconstruction.MeasureResiduals(model, thetaR, ctx.Data.Forget, ctx.Data.Collator, ctx.Config.Evaluation.BatchSize);
                        var p = score(step, model);
                        task.Advance(step - advanced);
                        advanced = step;
                        return new TrajectoryPoint(step, p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility);
                    },
                    reference: thetaR, context: $"reconstruct {regionName}/seed {seed.Seed}");
                var points = run.Trajectory.Select(t => t.Point).ToList();
                var (aues, mu95) = TradeOffSummary.Of(points);
                result = new RunResult
                {
                    Kind = "reconstruct", Objective = "mlp-reconstruction", Region = regionName, Seed = seed.Seed, Fingerprint = fingerprint,
                    Trajectory = points, Aues = aues, Mu95 = mu95, RegionSize = region.Count, FinalLayerResiduals = residuals,
                    TrainableParameters = run.Training.TrainableParameters, OptimizerStateBytes = run.Training.OptimizerStateBytes,
                    Invariant = run.Invariant, WallSeconds = clock.Elapsed.TotalSeconds,
                };
            }
            catch (NonFiniteLossException e)
            {
                ctx.Progress.Log($"warning: {e.Message}");
                result = RunResult.Failed("reconstruct", "mlp-reconstruction", regionName, seed.Seed, fingerprint, e.Message, region.Count, clock.Elapsed.TotalSeconds);
            }
            task.Complete();
        }
        RunStore.Write(dir, result);
        return result;
    }
}
