using LocUnlearn.Cli.Progress;
using LocUnlearn.Study;
using LocUnlearn.Jobs;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn run --executor local|slurm`: the study as a plan, run by worker processes or submitted to Slurm.</summary>
internal static class JobGraphRun
{
    public static int Local(RunOptions options, int workers)
    {
        var (plan, planPath, runLock) = StudyPlanner.Prepare(options, what: $"locunlearn run --executor local --workers {workers}");
        using var held = runLock;
        ExecutorResult result;
        using (var display = ProgressDisplay.ForConsole())
            result = new LocalExecutor(display.Sink, WorkerCommand.FromCliFolder(AppContext.BaseDirectory)).Run(plan, planPath, workers);
        Console.WriteLine($"{result.Ran} jobs run, {result.AlreadyDone} done earlier, {result.Failed.Count} failed, {result.Skipped.Count} not started");
        foreach (var (id, log) in result.Failed)
            Console.Error.WriteLine($"failed: {id} (log: {log})");
        Console.WriteLine(result.Ok
            ? $"report: {Path.Combine(plan.Layout.ResultsDir, "report.md")}"
            : $"run the same command again to retry what failed; `locunlearn status --run {plan.RunDir}` shows every job; " +
              $"`locunlearn report --run {plan.RunDir}` reports what has finished.");
        return result.Ok ? 0 : 1;
    }

    public static int Slurm(RunOptions options, string? clusterFile, string? partition)
    {
        var (plan, planPath, runLock) = StudyPlanner.Prepare(options, what: "locunlearn run --executor slurm (submitting)");
        using var held = runLock;
        var cluster = clusterFile is null ? new ClusterSettings() : ClusterSettings.Load(clusterFile);
        if (partition is not null)
            cluster = cluster with { Partition = partition };
        var worker = cluster.Command is { } command
            ? new WorkerCommand(command[0], [.. command.Skip(1)])
            : WorkerCommand.FromCliFolder(AppContext.BaseDirectory);
        SlurmSubmission submission;
        using (var display = ProgressDisplay.ForConsole())
            submission = new SlurmExecutor(display.Sink, worker, cluster, new SbatchClient()).Submit(plan, planPath);
        // The submitted graph holds the run directory until its report job ends (or Slurm no longer knows its jobs).
        if (submission.Arrays.Count > 0)
            runLock.HandOverToSlurm(submission.Arrays.Select(a => a.SlurmJobId));
        if (submission.Arrays.Count == 0)
            Console.WriteLine("every job is done; nothing submitted");
        else
            Console.WriteLine($"submitted {submission.Arrays.Sum(a => a.Jobs.Count)} jobs in {submission.Arrays.Count} Slurm arrays " +
                              $"({string.Join(", ", submission.Arrays.Select(a => a.SlurmJobId))}); follow with `locunlearn status --run {plan.RunDir}`");
        return 0;
    }
}
