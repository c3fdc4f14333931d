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
/// again completes the grid. Jobs done earlier are not started again.
/// </summary>
public sealed class LocalExecutor(IProgressSink progress, WorkerCommand worker)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(2);
    private int threadsPerWorker;

    public ExecutorResult Run(StudyPlan plan, string planPath, int workers, CancellationToken cancel = default)
    {
        if (workers < 1)
            throw new ArgumentException($"--workers: {workers}; give at least 1 worker process.");
        var layout = plan.Layout;
        var done = plan.Jobs.Where(j => JobStates.IsDone(plan, j)).Select(j => j.Id).ToHashSet();
        int alreadyDone = done.Count;
        var pending = plan.Jobs.Where(j => !done.Contains(j.Id)).ToList();
        var failed = new List<(string, string)>();
        var failedIds = new HashSet<string>();
        var skipped = new List<string>();
        var notBefore = new Dictionary<string, DateTime>();
        var running = new List<(PlannedJob Job, Process Process, StreamWriter Log, Stopwatch Clock)>();
        int ran = 0;
        threadsPerWorker = WorkerThreads.Share(Environment.ProcessorCount, workers);
        progress.Log($"{plan.Jobs.Count} jobs, {alreadyDone} done earlier, {pending.Count} to run with {workers} worker processes");
        using var task = progress.Start("jobs", $"{workers} workers", pending.Count);
        try
        {
            while (pending.Count > 0 || running.Count > 0)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (var job in pending.Where(j => j.Deps.Any(failedIds.Contains)).ToList())
                {
                    pending.Remove(job);
                    failedIds.Add(job.Id);
                    skipped.Add(job.Id);
                    task.Advance();
                }
                foreach (var job in pending.Where(j => j.Deps.All(done.Contains)).ToList())
                {
                    if (running.Count >= workers)
                        break;
                    if (notBefore.TryGetValue(job.Id, out var t) && DateTime.UtcNow < t)
                        continue;
                    pending.Remove(job);
                    var (process, log) = Start(plan, planPath, job);
                    running.Add((job, process, log, Stopwatch.StartNew()));
                    progress.Log($"started {job.Id}");
                }
                var finished = running.Where(r => r.Process.HasExited).ToList();
                if (finished.Count == 0)
                {
                    Thread.Sleep(Poll);
                    continue;
                }
                foreach (var r in finished)
                {
                    running.Remove(r);
                    r.Process.WaitForExit(); // waits for the redirected output to end
                    int code = r.Process.ExitCode;
                    r.Process.Dispose();
                    lock (r.Log) r.Log.Dispose();
                    string log = JobFiles.LogFile(layout, r.Job);
                    if (code == JobExitCodes.Busy)
                    {
                        notBefore[r.Job.Id] = DateTime.UtcNow + BusyRetry; // another worker has it: look again later
                        pending.Add(r.Job);
                    }
                    else if (code == JobExitCodes.Ok && JobStates.IsDone(plan, r.Job))
                    {
                        done.Add(r.Job.Id);
                        ran++;
                        task.Advance();
                        progress.Log($"done {r.Job.Id} ({r.Clock.Elapsed.TotalSeconds:F1} s)");
                    }
                    else
                    {
                        if (!File.Exists(JobFiles.FailedFile(layout, r.Job)))
                            JobFiles.MarkFailed(layout, r.Job, $"worker exited with code {code} without finishing; see {log}");
                        failed.Add((r.Job.Id, log));
                        failedIds.Add(r.Job.Id);
                        task.Advance();
                        progress.Log($"FAILED {r.Job.Id} (exit code {code}); log: {log}");
                    }
                }
            }
        }
        finally
        {
            foreach (var r in running)
            {
                try { r.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                r.Process.WaitForExit();
                r.Process.Dispose();
                lock (r.Log) r.Log.Dispose();
            }
        }
        if (skipped.Count > 0)
            progress.Log($"{skipped.Count} jobs not started because a dependency failed");
        return new ExecutorResult(ran, alreadyDone, failed, skipped);
    }

    private (Process, StreamWriter) Start(StudyPlan plan, string planPath, PlannedJob job)
    {
        string log = JobFiles.LogFile(plan.Layout, job);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var info = worker.StartInfo(worker.ForJob(planPath, job.Id));
        if (threadsPerWorker > 0)
            info.Environment[WorkerThreads.Variable] = threadsPerWorker.ToString();
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        writer.WriteLine($"# {DateTime.UtcNow:O} {info.FileName} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info };
        void Write(string? line) { if (line is not null) lock (writer) writer.WriteLine(line); }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, writer);
    }
}
