using LocUnlearn.Reporting;
using LocUnlearn.Jobs;
using LocUnlearn.Common.Progress;

using LocUnlearn.Tests.Study;

namespace LocUnlearn.Tests.Jobs;

/// <summary>The job graph run by worker processes against the same study run in one process (tens of seconds).</summary>
public sealed class LocalExecutorTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void TwoWorkersGiveTheSameResultsAsOneProcess()
    {
        string reference = JobPlans.SingleProcessSummary(temp.Path);
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "workers")));
        var result = new LocalExecutor(NullProgressSink.Instance, JobPlans.Worker).Run(plan, JobPlans.PlanFile(plan), workers: 2);
        Assert.True(result.Ok, string.Join("; ", result.Failed.Select(f => $"{f.Id}: {File.ReadAllText(f.Log)}")));
        Assert.Equal(plan.Jobs.Count, result.Ran);
        Assert.Equal(reference, RunSummaries.WithoutWallTime(plan.RunDir));
        Assert.All(JobStates.All(plan).Values, s => Assert.Equal(JobState.Done, s));

        var again = new LocalExecutor(NullProgressSink.Instance, JobPlans.Worker).Run(plan, JobPlans.PlanFile(plan), workers: 2);
        Assert.Equal((0, plan.Jobs.Count), (again.Ran, again.AlreadyDone));
    }

    [Fact]
    public void KilledWorkerFailsOnlyItsJobAndRerunningCompletesTheGrid()
    {
        string reference = JobPlans.SingleProcessSummary(temp.Path);
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "killed")));
        string victim = "inject/seed-0";
        // The victim's worker is killed with SIGKILL (as an OOM killer or a lost node would) once it has started
        // writing the job's folder, i.e. mid-job; every other job runs normally.
        string worker = $"{WorkerCommand.ShellQuote(JobPlans.Worker.FileName)} {string.Join(' ', JobPlans.Worker.PrefixArguments.Select(WorkerCommand.ShellQuote))}";
        string victimDir = Path.Combine(plan.RunDir, plan.Job(victim).Output);
        var killer = new WorkerCommand("bash", ["-c",
            $"if [ \"$5\" != '{victim}' ]; then exec {worker} \"$@\"; fi; " +
            $"{worker} \"$@\" & pid=$!; while [ ! -d {WorkerCommand.ShellQuote(victimDir)} ]; do sleep 0.05; done; kill -9 $pid; wait $pid", "worker"]);
        var first = new LocalExecutor(NullProgressSink.Instance, killer).Run(plan, JobPlans.PlanFile(plan), workers: 2);
        Assert.False(first.Ok);
        Assert.Equal([victim], first.Failed.Select(f => f.Id));
        Assert.Contains("unlearn/seed-0/wga/oracle", first.Skipped);
        Assert.Equal(JobState.Failed, JobStates.All(plan)[victim]);
        Assert.True(Directory.Exists(victimDir), "killed after it started");
        Assert.True(JobStates.IsDone(plan, plan.Job("inject-full/seed-0")), "independent jobs go on");

        var second = new LocalExecutor(NullProgressSink.Instance, JobPlans.Worker).Run(plan, JobPlans.PlanFile(plan), workers: 2);
        Assert.True(second.Ok);
        Assert.Equal(reference, RunSummaries.WithoutWallTime(plan.RunDir));
    }
}
