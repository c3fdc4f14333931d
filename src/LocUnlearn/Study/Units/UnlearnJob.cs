using LocUnlearn.Config;
using System.Diagnostics;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// One unlearning run of the study (SPEC 4.6): θo unlearned with one objective confined to one region, evaluated at
/// step 0, every k steps and at the end. θo stays in memory for all runs of a seed: each run reverts it exactly.
/// </summary>
public static class UnlearnJob
{
    public static RunResult Run(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, string objectiveName, string regionName,
        Region region, string kind, CheckpointScorer score, UnlearningData data)
    {
        var c = ctx.Config.Unlearn;
        string dir = ctx.Layout.Unlearn(seed.Seed, objectiveName, regionName);
        var training = c.Training with
        {
            LearningRate = c.LearningRates.TryGetValue(objectiveName, out var lr) ? lr : c.Training.LearningRate,
            Seed = c.Training.Seed + seed.Seed, // same data order for Oracle and Random of a seed (SPEC 4.6)
        };
        string fingerprint = StageStore.Fingerprint("unlearn", seed.ThetaOFingerprint, objectiveName, c.Settings, training, c.EvalEvery,
            ctx.Config.Evaluation, RegionFingerprint(region), c.KeepCheckpoints);
        if (RunStore.Completed(dir, fingerprint) is { } done)
            return done;
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        var objective = UnlearningObjectives.Create(objectiveName, c.Settings);
        var settings = new UnlearningRunSettings
        {
            Training = training,
            EvalEvery = c.EvalEvery,
            CommitToModel = false,
            FreeKeys = ctx.Config.Inject.FreeKeys,
            FinalCheckpointDir = c.KeepCheckpoints == KeptCheckpoints.Final ? RunLayout.ModelDir(dir) : null,
        };
        string context = $"{kind} {objectiveName}/{regionName}/seed {seed.Seed}";
        RunResult result;
        int advanced = 0;
        var evaluation = ctx.Config.Evaluation;
        MixingTradeOffResult? mixing = null;
        using (var task = ctx.Progress.Start("unlearn", $"{objectiveName} {regionName} seed {seed.Seed}", training.Steps))
        {
            try
            {
                var run = UnlearningRun.Run(thetaO, region, objective, data, ctx.Data.Collator, settings,
                    (step, model) =>
                    {
                        var p = score(step, model);
                        if (step == training.Steps && evaluation.TradeOff == TradeOffMode.Mixing)
                            mixing = MixingTradeOff.Evaluate(model, score(0, model), evaluation.MixingGrid, m => score(step, m));
                        task.Advance(step - advanced);
                        advanced = step;
                        return new TrajectoryPoint(step, p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility);
                    },
                    context: context);
                var points = run.Trajectory.Select(t => t.Point).ToList();
                var (aues, mu95) = mixing is { } mixed ? (mixed.Aues, mixed.Mu95) : TradeOffSummary.Of(points);
                result = new RunResult
                {
                    Kind = kind, Objective = objectiveName, Region = regionName, Seed = seed.Seed, Fingerprint = fingerprint,
                    Trajectory = points, Aues = aues, Mu95 = mu95, TradeOff = evaluation.TradeOff, Mixing = mixing, RegionSize = region.Count,
                    TrainableParameters = run.Training.TrainableParameters, OptimizerStateBytes = run.Training.OptimizerStateBytes,
                    Invariant = run.Invariant, WallSeconds = clock.Elapsed.TotalSeconds,
                };
                if (run.Invariant is { Holds: false } broken)
                    throw new InvalidOperationException($"{context}: parameters outside the region changed: {string.Join(", ", broken.ChangedOutsideRegion)}");
            }
            catch (NonFiniteLossException e)
            {
                ctx.Progress.Log($"warning: {e.Message} This run is recorded as failed; the others go on.");
                result = RunResult.Failed(kind, objectiveName, regionName, seed.Seed, fingerprint, e.Message, region.Count, clock.Elapsed.TotalSeconds);
            }
        }
        RunStore.Write(dir, result);
        return result;
    }

    public static string RegionFingerprint(Region region) =>
        StageStore.Fingerprint(region.Shape, Enumerable.Range(0, region.Shape.Layers).Select(l => region.NeuronsIn(l)));
}
