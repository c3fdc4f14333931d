using System.Diagnostics;

namespace LocUnlearn.Jobs;

/// <summary>The local executor's bookkeeping: pending, running, done, failed and skipped jobs, and the worker processes.</summary>
internal sealed class LocalRun
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(2);

    private readonly StudyPlan plan;
    private readonly string planPath;
    private readonly WorkerCommand worker;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly HashSet<string> done;
    private readonly HashSet<string> failedIds = [];
    private readonly Dictionary<string, DateTime> notBefore = [];

    public LocalRun(StudyPlan plan, string planPath, WorkerCommand worker, IReadOnlyDictionary<string, string> environment)
    {
        this.plan = plan;
        this.planPath = planPath;
        this.worker = worker;
        this.environment = environment;
        done = plan.Jobs.Where(j => JobStates.IsDone(plan, j)).Select(j => j.Id).ToHashSet();
        AlreadyDone = done.Count;
        Pending = plan.Jobs.Where(j => !done.Contains(j.Id)).ToList();
    }

    public enum Outcome { Done, Failed, Busy }

    public sealed record Worker(PlannedJob Job, Process Process, StreamWriter Log, Stopwatch Clock);

    public sealed record Finished(PlannedJob Job, Outcome Outcome, int ExitCode, string Log, double Seconds);

    public int AlreadyDone { get; }
    public int Ran { get; private set; }
    public List<PlannedJob> Pending { get; }
    public List<Worker> Running { get; } = [];
    public List<(string Id, string Log)> Failed { get; } = [];
    public List<string> Skipped { get; } = [];

    /// <summary>Pending jobs with a failed dependency are not started (and count as failed for their own dependents).</summary>
    public IEnumerable<string> SkipDependentsOfFailures()
    {
        foreach (var job in Pending.Where(j => j.Deps.Any(failedIds.Contains)).ToList())
        {
            Pending.Remove(job);
            failedIds.Add(job.Id);
            Skipped.Add(job.Id);
            yield return job.Id;
        }
    }

    /// <summary>Starts ready jobs (every dependency done) while fewer than <paramref name="workers"/> run.</summary>
    public IEnumerable<PlannedJob> StartReady(int workers)
    {
        foreach (var job in Pending.Where(j => j.Deps.All(done.Contains)).ToList())
        {
            if (Running.Count >= workers)
                yield break;
            if (notBefore.TryGetValue(job.Id, out var t) && DateTime.UtcNow < t)
                continue;
            Pending.Remove(job);
            Running.Add(Start(job));
            yield return job;
        }
    }

    public Finished Finish(Worker r)
    {
        Running.Remove(r);
        r.Process.WaitForExit(); // waits for the redirected output to end
        int code = r.Process.ExitCode;
        r.Process.Dispose();
        lock (r.Log) r.Log.Dispose();
        string log = JobFiles.LogFile(plan.Layout, r.Job);
        if (code == JobExitCodes.Busy)
        {
            notBefore[r.Job.Id] = DateTime.UtcNow + BusyRetry; // another worker has it: look again later
            Pending.Add(r.Job);
            return new Finished(r.Job, Outcome.Busy, code, log, r.Clock.Elapsed.TotalSeconds);
        }
        if (code == JobExitCodes.Ok && JobStates.IsDone(plan, r.Job))
        {
            done.Add(r.Job.Id);
            Ran++;
            return new Finished(r.Job, Outcome.Done, code, log, r.Clock.Elapsed.TotalSeconds);
        }
        if (!File.Exists(JobFiles.FailedFile(plan.Layout, r.Job)))
            JobFiles.MarkFailed(plan.Layout, r.Job, $"worker exited with code {code} without finishing; see {log}");
        Failed.Add((r.Job.Id, log));
        failedIds.Add(r.Job.Id);
        return new Finished(r.Job, Outcome.Failed, code, log, r.Clock.Elapsed.TotalSeconds);
    }

    public void KillRunning()
    {
        foreach (var r in Running)
        {
            try { r.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            r.Process.WaitForExit();
            r.Process.Dispose();
            lock (r.Log) r.Log.Dispose();
        }
    }

    private Worker Start(PlannedJob job)
    {
        string log = JobFiles.LogFile(plan.Layout, job);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var info = worker.StartInfo(worker.ForJob(planPath, job.Id));
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        writer.WriteLine($"# {DateTime.UtcNow:O} {info.FileName} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info };
        void Write(string? line) { if (line is not null) lock (writer) writer.WriteLine(line); }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Worker(job, process, writer, Stopwatch.StartNew());
    }
}
