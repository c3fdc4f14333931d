using LocUnlearn.Common.Progress;
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
/// `locunlearn job --plan plan.json --id ID`: runs one job of a plan in a worker process. Idempotent (a done job returns
/// at once), safe when two workers start the same job (the job's lock lets one in; the other returns
/// <see cref="JobOutcome.Busy"/>), atomic (each unit clears its folder first and writes its completion record last).
/// The work itself is <see cref="JobDispatch"/>, the same code `locunlearn run` executes in one process.
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
    private static Common.FileLock? AcquireLock(string path)
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
        RunSetup.ApplyThreads(plan.Threads);
        RunData.Prepare(layout, config);
        if (job.Kind == JobKind.Data)
            return;
        using var ctx = new StudyContext(config, layout, RunData.Load(layout, config), progress);
        MemoryCheck.ForPhases(ctx, JobMemoryPhases.Of(job.Kind));
        JobDispatch.Execute(ctx, job);
    }
}
