using LocUnlearn.Reporting;
using System.Diagnostics;
using LocUnlearn.Jobs;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Jobs;

public sealed class JobRunnerTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private StudyPlan Plan() => JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run")));

    [Fact]
    public void JobWhoseDependenciesHaveNotFinishedIsRefusedAndNothingIsWritten()
    {
        var plan = Plan();
        var e = Assert.Throws<JobDependencyException>(() => new JobRunner(NullProgressSink.Instance).Run(plan, "retain"));
        Assert.Contains("pretrain", e.Message);
        Assert.False(Directory.Exists(plan.Layout.Stage("retain")));
    }

    [Fact]
    public void DoneJobReturnsAtOnceAndHeldJobIsLeftAlone()
    {
        var plan = Plan();
        var runner = new JobRunner(NullProgressSink.Instance);
        Assert.Equal(JobOutcome.Ran, runner.Run(plan, "data"));
        Assert.Equal(JobOutcome.AlreadyDone, runner.Run(plan, "data"));
        using (JobLock.TryAcquire(JobLock.PathFor(plan.Layout, plan.Job("pretrain"))))
            Assert.Equal(JobOutcome.Busy, runner.Run(plan, "pretrain"));
        Assert.Equal(JobState.Ready, JobStates.All(plan)["pretrain"]);
    }

    [Fact]
    public void JobThatCannotFitItsMachineIsRefusedBeforeItLoadsAnything()
    {
        // Pretraining on batches of 10⁸ rows: its phase of the memory estimate exceeds any machine here.
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run"),
            """{ "seeds": 1, "unlearn": { "objectives": ["wga"] }, "pretrain": { "batch_size": 100000000 } }"""));
        var runner = new JobRunner(NullProgressSink.Instance);
        Assert.Equal(JobOutcome.Ran, runner.Run(plan, "data")); // the data job has no model work and no check

        var e = Assert.Throws<LocUnlearn.Study.Memory.MemoryCheckException>(() => runner.Run(plan, "pretrain"));

        Assert.Contains("stage pretrain", e.Message);
        Assert.Contains("pretrain.batch_size", e.Message);
        Assert.Equal(JobState.Failed, JobStates.All(plan)["pretrain"]);
        Assert.False(File.Exists(Path.Combine(plan.Layout.Stage("pretrain"), "record.json")));
    }

    [Fact]
    public void SecondWorkerProcessOnAHeldJobExitsCleanlyWithTheBusyCode()
    {
        var plan = Plan();
        new JobRunner(NullProgressSink.Instance).Run(plan, "data");
        using var held = JobLock.TryAcquire(JobLock.PathFor(plan.Layout, plan.Job("pretrain")));
        var worker = JobPlans.Worker;
        var info = new ProcessStartInfo(worker.FileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in worker.ForJob(JobPlans.PlanFile(plan), "pretrain"))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(JobExitCodes.Busy, process.ExitCode);
        Assert.Contains("another worker", output);
        Assert.False(JobStates.IsDone(plan, plan.Job("pretrain")));
    }
}
