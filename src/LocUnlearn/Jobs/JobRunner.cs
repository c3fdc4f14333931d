using LocUnlearn.Evaluation;
using LocUnlearn.Common.Progress;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Unlearning;
using LocUnlearn.Study;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Jobs;

public enum JobOutcome
{
    Ran,
    AlreadyDone,
    /// <summary>Another worker holds the job's lock: this one leaves it alone.</summary>
    Busy,
}

/// <summary>A job whose dependencies have not finished: the worker refuses rather than computing them itself.</summary>
public sealed class JobDependencyException(string message) : Exception(message);

/// <summary>
/// `locunlearn job --plan plan.json --id ID`: runs one unit of a plan. Idempotent (a done job returns at once), safe
/// when two workers start the same job (the job's lock lets one in; the other returns <see cref="JobOutcome.Busy"/>),
/// atomic (each unit clears its folder first and writes its completion record last). Every unit is the same code
/// `locunlearn run` uses in one process, so the numbers are the same.
/// </summary>
public sealed class JobRunner(IProgressSink progress)
{
    public JobOutcome Run(StudyPlan plan, string id)
    {
        var job = plan.Job(id);
        var layout = plan.Layout;
        using var jobLock = AcquireLock(JobLock.PathFor(layout, job));
        if (jobLock is null)
        {
            progress.Log($"{id}: another worker is running it ({JobLock.Holder(JobLock.PathFor(layout, job))}); leaving it alone");
            return JobOutcome.Busy;
        }
        if (JobStates.IsDone(plan, job))
        {
            progress.Log($"{id}: done earlier");
            return JobOutcome.AlreadyDone;
        }
        var missing = job.Deps.Where(d => !JobStates.IsDone(plan, plan.Job(d))).ToList();
        if (missing.Count > 0)
            throw new JobDependencyException(
                $"{id}: its dependencies have not finished: {string.Join(", ", missing)}. Run them first (`locunlearn job --plan ... --id {missing[0]}`), " +
                "or let an executor order them (`locunlearn run --executor local`).");
        JobFiles.ClearFailed(layout, job);
        try
        {
            Execute(plan, job);
        }
        catch (Exception e)
        {
            JobFiles.MarkFailed(layout, job, e.Message);
            throw;
        }
        return JobOutcome.Ran;
    }

    /// <summary>A few tries: `locunlearn status` probes locks for an instant.</summary>
    private static JobLock? AcquireLock(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (JobLock.TryAcquire(path) is { } held)
                return held;
            if (attempt == 4)
                return null;
            Thread.Sleep(100);
        }
    }

    private void Execute(StudyPlan plan, PlannedJob job)
    {
        var layout = plan.Layout;
        var config = RunSetup.Reopen(layout, plan.RunDir + "/" + StudyPlan.FileName);
        RunSetup.ApplyThreads(config);
        string dataFolder = RunSetup.DataFolder(layout, config);
        if (job.Kind == JobKind.Data)
            return;
        using var ctx = new StudyContext(config, layout, StudyData.Load(dataFolder, config.Data, config.Model.Path), progress);
        MemoryCheck.ForPhases(ctx, JobMemoryPhases.Of(job.Kind));
        var (thetaP, thetaPFp) = PretrainStage.Run(ctx);
        if (job.Kind == JobKind.Pretrain)
            return;
        if (job.Kind == JobKind.Retain)
        {
            RetainStage.Run(ctx, thetaP, thetaPFp);
            return;
        }
        string retainDir = layout.Stage(RetainStage.Name);
        string thetaR = RunLayout.ModelDir(retainDir);
        string thetaRFp = StageStore.Read(retainDir)!.Fingerprint;
        switch (job.Kind)
        {
            case JobKind.EvaluateThetaR:
                CachedEvaluations.ThetaR(ctx, thetaR, thetaRFp);
                return;
            case JobKind.Inject:
                InjectStage.Run(ctx, Seed(job), thetaR, thetaRFp);
                InjectStage.RandomRegion(ctx, Seed(job), RegionFile.Load(layout.TargetRegion(Seed(job))));
                return;
            case JobKind.InjectFull:
                InjectStage.RunFullReference(ctx, Seed(job), thetaR, thetaRFp);
                return;
            case JobKind.Report:
                Report(ctx, dataFolder, thetaP, thetaR);
                return;
        }

        var seed = SeedSetups.Load(ctx, Seed(job));
        using var thetaO = ctx.LoadModel(seed.ThetaO);
        switch (job.Kind)
        {
            case JobKind.EvaluateThetaO:
                CachedEvaluations.ThetaO(ctx, seed, thetaO, CachedEvaluations.ThetaR(ctx, thetaR, thetaRFp));
                return;
            case JobKind.Localize:
                LocalizeJob.Run(ctx, seed, thetaO, Required(job.Method, job));
                return;
        }

        var evaluation = CachedEvaluations.ThetaR(ctx, thetaR, thetaRFp);
        var start = CachedEvaluations.ThetaO(ctx, seed, thetaO, evaluation);
        var evaluator = new ModelEvaluator(CachedEvaluations.Suite(ctx));
        TradeOffPoint Score(int step, LlamaForCausalLM model) => step == 0 ? start : evaluator.Evaluate(model, evaluation.ForgetTruthRatios).Point;
        switch (job.Kind)
        {
            case JobKind.Unlearn:
            case JobKind.UnlearnLocalized:
                var region = job.Kind == JobKind.Unlearn
                    ? Required(job.Region, job) == "oracle" ? seed.Target : seed.Random
                    : LocalizeJob.Run(ctx, seed, thetaO, Required(job.Method, job)).Region;
                var data = new UnlearningData(ctx.Data.Forget, ctx.Data.Retain,
                    UnlearningData.EncodeRefusals(ctx.Data.Encoder, ctx.Data.ForgetSplit.Items, ctx.Data.Reader.LoadRefusals(), seed.Seed));
                UnlearnJob.Run(ctx, seed, thetaO, Required(job.Objective, job), Required(job.Region, job), region,
                    job.Kind == JobKind.Unlearn ? "unlearn" : "localized", Score, data);
                return;
            case JobKind.Reconstruct:
                var (name, reconstructRegion) = ReconstructJob.Regions(ctx, seed).Single(r => r.Name == Required(job.Region, job));
                using (var reference = new FrozenCopyReference(ctx.LoadModel(thetaR)))
                    ReconstructJob.Run(ctx, seed, thetaO, reference, thetaRFp, name, reconstructRegion, Score);
                return;
            default:
                throw new ArgumentException($"unknown job kind '{job.Kind}' ({job.Id}) in {plan.RunDir}/{StudyPlan.FileName}");
        }
    }

    private static void Report(StudyContext ctx, string dataFolder, string thetaP, string thetaR)
    {
        var outcome = StudyOutcomeLoader.Load(ctx);
        StudyReport.Write(ctx, outcome);
        Manifest.Write(ctx, outcome, dataFolder, thetaP, thetaR);
        StudyReport.WriteSummary(ctx, outcome);
    }

    private static long Seed(PlannedJob job) => job.Seed ?? throw new ArgumentException($"job {job.Id} has no seed in its plan");

    private static string Required(string? value, PlannedJob job) => value ?? throw new ArgumentException($"job {job.Id} lacks a field its kind needs");
}
