using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Jobs;

/// <summary>
/// What each kind of job does, given the study's context: the one place that maps a planned job to the stages and run
/// units. `locunlearn run` calls it for every job of the plan in one process (<see cref="InlineExecutor"/>), and
/// `locunlearn job` for one job in a worker (<see cref="JobRunner"/>), so both give the same files. Every stage and unit
/// skips itself when its record shows it done with the same inputs.
/// </summary>
public static class JobDispatch
{
    public static void Execute(StudyContext ctx, PlannedJob job, StageTimings? timings = null)
    {
        switch (job.Kind)
        {
            case JobKind.Data:
                return; // the data folder is made (or checked) when the context is opened
            case JobKind.Pretrain:
                PretrainStage.Run(ctx);
                return;
            case JobKind.Retain:
                RetainStage.Run(ctx);
                return;
            case JobKind.Report:
                Report(ctx, timings);
                return;
        }
        var thetaR = ThetaR.Of(ctx);
        switch (job.Kind)
        {
            case JobKind.EvaluateThetaR:
                CachedEvaluations.ThetaR(ctx, thetaR.Dir, thetaR.Fingerprint);
                return;
            case JobKind.Inject:
                InjectStage.Run(ctx, Seed(job), thetaR.Dir, thetaR.Fingerprint);
                InjectStage.RandomRegion(ctx, Seed(job), RegionFile.Load(ctx.Layout.TargetRegion(Seed(job))));
                return;
            case JobKind.InjectFull:
                var thetaREvaluation = CachedEvaluations.ThetaR(ctx, thetaR.Dir, thetaR.Fingerprint);
                InjectStage.RunFullReference(ctx, Seed(job), thetaR.Dir, thetaR.Fingerprint,
                    model => CachedEvaluations.SetupMetrics(ctx, model, thetaREvaluation));
                return;
        }
        Experiment(ctx, job, thetaR);
    }

    /// <summary>Jobs on a seed's θo, which stays loaded (<see cref="StudyContext.Models"/>) from one to the next.</summary>
    private static void Experiment(StudyContext ctx, PlannedJob job, ThetaR thetaR)
    {
        var seed = SeedSetups.Load(ctx, Seed(job));
        var evaluation = CachedEvaluations.ThetaR(ctx, thetaR.Dir, thetaR.Fingerprint);
        if (job.Kind == JobKind.Reconstruct)
        {
            var models = ctx.Models.Use(seed.ThetaO, thetaR.Dir);
            using var reference = new FrozenCopyReference(models[1], ownsModel: false);
            ReconstructUnit.Run(ctx, seed, models[0], reference, thetaR.Fingerprint, Arm(job), Scorer(ctx, seed, models[0], evaluation));
            return;
        }
        var thetaO = ctx.Models.Use(seed.ThetaO)[0];
        switch (job.Kind)
        {
            case JobKind.EvaluateThetaO:
                CachedEvaluations.ThetaO(ctx, seed, thetaO, evaluation);
                return;
            case JobKind.Localize:
                Localize(ctx, seed, thetaO, Required(job.Method, job));
                return;
            case JobKind.Relearn:
                RelearnUnit.Baseline(ctx, seed, thetaR.Dir, thetaR.Fingerprint, thetaO);
                return;
            case JobKind.Unlearn:
            case JobKind.UnlearnLocalized:
            case JobKind.UnlearnOverlap:
                var arm = Arm(job);
                var region = arm.Kind switch
                {
                    ArmKind.Oracle => seed.Target,
                    ArmKind.Random => seed.Random,
                    ArmKind.Overlap => OverlapRegions.At(seed.Target, seed.Random, arm.OverlapWithTarget!.Value, seed.Seed),
                    _ => LocalizeUnit.Run(ctx, seed, thetaO, Required(job.Method, job)).Region,
                };
                UnlearnUnit.Run(ctx, seed, thetaO, Required(job.Objective, job), arm, region, Scorer(ctx, seed, thetaO, evaluation),
                    UnlearnUnit.Data(ctx, seed.Seed));
                return;
            default:
                throw new ArgumentException($"unknown job kind '{job.Kind.Name()}' ({job.Id})");
        }
    }

    private static void Localize(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, string method)
    {
        var found = LocalizeUnit.Run(ctx, seed, thetaO, method);
        var overlap = found.Quality.Overlap;
        ctx.Progress.Log($"{method} seed {seed.Seed}: recall of V_tgt {overlap.Recall:F3} (chance {overlap.ChanceRecall:F3}), " +
            $"precision {overlap.Precision:F3}");
    }

    /// <summary>A run's checkpoints: step 0 is the seed's θo, evaluated once (evaluation.json); later steps are evaluated
    /// on the study's metrics against θr's forget truth ratios.</summary>
    private static CheckpointScorer Scorer(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, EvaluationCache thetaR)
    {
        var start = CachedEvaluations.ThetaO(ctx, seed, thetaO, thetaR);
        var evaluator = new ModelEvaluator(CachedEvaluations.Suite(ctx));
        return (step, model) => step == 0 ? start : evaluator.Evaluate(model, thetaR.ForgetTruthRatios).Point;
    }

    private static void Report(StudyContext ctx, StageTimings? timings)
    {
        var outcome = StudyOutcomeLoader.Load(ctx) with { Timings = timings ?? new StageTimings() };
        StudyReport.Write(ctx, outcome);
        Manifest.Write(ctx, outcome, ctx.Data.Folder, ctx.Config.NeedsThetaP() ? PretrainStage.ModelDir(ctx) : null, ThetaR.Of(ctx).Dir);
        StudyReport.WriteSummary(ctx, outcome);
        RunLock.ReleaseSlurm(ctx.Layout); // the report is a submitted graph's last job: the directory is free again
    }

    private static long Seed(PlannedJob job) => job.Seed ?? throw new ArgumentException($"job {job.Id} has no seed in its plan");

    private static Arm Arm(PlannedJob job) => job.Region ?? throw new ArgumentException($"job {job.Id} has no region in its plan");

    private static string Required(string? value, PlannedJob job) => value ?? throw new ArgumentException($"job {job.Id} lacks a field its kind needs");

    /// <summary>θr's folder (the stage's, or the given one) and fingerprint, from the finished retain stage.</summary>
    private sealed record ThetaR(string Dir, string Fingerprint)
    {
        public static ThetaR Of(StudyContext ctx)
        {
            string dir = ctx.Layout.Stage(RetainStage.Name);
            var record = StageStore.Read(dir) ?? throw new JobDependencyException($"θr ({dir}) has not finished; run the retain job first.");
            return new ThetaR(RetainStage.ModelDir(ctx.Config, ctx.Layout), record.Identity());
        }
    }
}
