using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Jobs;

public enum JobState
{
    /// <summary>Its completion record exists (a run that ended on a non-finite loss is done: recorded as failed).</summary>
    Done,
    /// <summary>A worker holds its lock now.</summary>
    Running,
    /// <summary>Its last attempt threw (jobs/ID.failed); it runs again when asked.</summary>
    Failed,
    /// <summary>Every dependency is done.</summary>
    Ready,
    /// <summary>Some dependency is not done yet.</summary>
    Waiting,
}

/// <summary>The state of each job of a plan, read from the run directory only (no scheduler is asked).</summary>
public static class JobStates
{
    public static bool IsDone(StudyPlan plan, PlannedJob job)
    {
        var layout = plan.Layout;
        string output = Path.Combine(layout.Root, job.Output);
        return job.Kind switch
        {
            JobKind.Data => Path.IsPathRooted(job.Output) ? Directory.Exists(job.Output) : File.Exists(Path.Combine(output, ".complete")),
            JobKind.Pretrain or JobKind.Retain or JobKind.Inject or JobKind.InjectFull or JobKind.Localize or JobKind.Relearn =>
                StageStore.Read(output) is not null,
            JobKind.EvaluateThetaR or JobKind.EvaluateThetaO => File.Exists(output),
            JobKind.Unlearn or JobKind.UnlearnLocalized or JobKind.UnlearnOverlap or JobKind.Reconstruct => RunStore.Read(output) is not null,
            JobKind.Report => File.Exists(output) && File.GetLastWriteTimeUtc(output) >= NewestRecord(plan),
            _ => throw new ArgumentException($"unknown job kind '{job.Kind}' in {plan.RunDir}/plan.json"),
        };
    }

    public static IReadOnlyDictionary<string, JobState> All(StudyPlan plan)
    {
        var done = plan.Jobs.ToDictionary(j => j.Id, j => IsDone(plan, j));
        return plan.Jobs.ToDictionary(j => j.Id, j => Of(plan, j, done));
    }

    private static JobState Of(StudyPlan plan, PlannedJob job, IReadOnlyDictionary<string, bool> done)
    {
        if (done[job.Id])
            return JobState.Done;
        if (JobLock.IsHeld(JobLock.PathFor(plan.Layout, job)))
            return JobState.Running;
        if (File.Exists(JobFiles.FailedFile(plan.Layout, job)))
            return JobState.Failed;
        return job.Deps.All(d => done[d]) ? JobState.Ready : JobState.Waiting;
    }

    private static DateTime NewestRecord(StudyPlan plan)
    {
        var times = plan.Jobs.Where(j => j.Kind != JobKind.Report && !Path.IsPathRooted(j.Output))
            .Select(j => Path.Combine(plan.RunDir, j.Output))
            .SelectMany(o => new[] { Path.Combine(o, StageStore.RecordFile), Path.Combine(o, RunStore.ResultFile), o })
            .Where(File.Exists)
            .Select(File.GetLastWriteTimeUtc);
        return times.DefaultIfEmpty(DateTime.MinValue).Max();
    }
}
