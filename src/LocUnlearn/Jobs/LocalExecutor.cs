using System.Diagnostics;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Jobs;

/// <summary>What an executor did: jobs run now, jobs found done, jobs that failed (with their logs), jobs not started
/// because a dependency failed.</summary>
public sealed record ExecutorResult(int Ran, int AlreadyDone, IReadOnlyList<(string Id, string Log)> Failed, IReadOnlyList<string> Skipped)
{
    public bool Ok => Failed.Count == 0 && Skipped.Count == 0;
}

/// <summary>
/// `--executor local --workers N`: runs a plan's jobs in N worker processes on this machine, each job as soon as its
/// dependencies are done. Each worker is `locunlearn job`, so a worker that dies takes only its job with it: the others
/// go on, the dead job is recorded as failed (jobs/ID.failed, its log in jobs/ID.log), and running the same command
/// again completes the grid. Jobs done earlier are not started again. The caller holds the run directory's lock for as
/// long as this runs; the workers work under it.
/// </summary>
public sealed class LocalExecutor(IProgressSink progress, WorkerCommand worker)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public ExecutorResult Run(StudyPlan plan, string planPath, int workers, CancellationToken cancel = default)
    {
        if (workers < 1)
            throw new ArgumentException($"--workers: {workers}; give at least 1 worker process.");
        var state = new LocalRun(plan, planPath, worker, WorkerEnvironment(plan, workers));
        progress.Log($"{plan.Jobs.Count} jobs, {state.AlreadyDone} done earlier, {state.Pending.Count} to run with {workers} worker processes " +
                     $"of {plan.Threads} threads");
        using var task = progress.Start("jobs", $"{workers} workers", state.Pending.Count);
        try
        {
            while (state.Pending.Count > 0 || state.Running.Count > 0)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (string skipped in state.SkipDependentsOfFailures())
                    task.Advance();
                foreach (var job in state.StartReady(workers))
                    progress.Log($"started {job.Id}");
                var finished = state.Running.Where(r => r.Process.HasExited).ToList();
                if (finished.Count == 0)
                {
                    Thread.Sleep(Poll);
                    continue;
                }
                foreach (var r in finished)
                    Report(state.Finish(r), task);
            }
        }
        finally
        {
            state.KillRunning();
        }
        if (state.Skipped.Count > 0)
            progress.Log($"{state.Skipped.Count} jobs not started because a dependency failed");
        return new ExecutorResult(state.Ran, state.AlreadyDone, state.Failed, state.Skipped);
    }

    private void Report(LocalRun.Finished finished, IProgressTask task)
    {
        switch (finished.Outcome)
        {
            case LocalRun.Outcome.Done:
                task.Advance();
                progress.Log($"done {finished.Job.Id} ({finished.Seconds:F1} s)");
                break;
            case LocalRun.Outcome.Failed:
                task.Advance();
                progress.Log($"FAILED {finished.Job.Id} (exit code {finished.ExitCode}); log: {finished.Log}");
                break;
        }
    }

    /// <summary>
    /// Every worker runs with the plan's thread count, so the results equal a one-process run bit for bit. When N
    /// workers × threads exceed the cores, OpenMP's spin-waiting would make each step 10-30× slower (seen here on 2
    /// cores), so the workers are told to sleep while they wait instead (OMP_WAIT_POLICY=PASSIVE).
    /// </summary>
    private static IReadOnlyDictionary<string, string> WorkerEnvironment(StudyPlan plan, int workers) =>
        workers * plan.Threads > Environment.ProcessorCount
            ? new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" }
            : new Dictionary<string, string>();
}
