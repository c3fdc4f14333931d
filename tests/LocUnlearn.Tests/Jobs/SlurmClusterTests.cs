using LocUnlearn.Reporting;
using System.Diagnostics;
using LocUnlearn.Jobs;
using LocUnlearn.Common.Progress;

using LocUnlearn.Tests.Study;

namespace LocUnlearn.Tests.Jobs;

/// <summary>The small study submitted to a real single-node Slurm (.ci/slurm-up) against the same study in one process.</summary>
[Trait("Category", "Slurm")]
public sealed class SlurmClusterTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [SlurmFact]
    public void SlurmArraysCompleteTheStudyWithTheSameResultsAsOneProcess()
    {
        string reference = JobPlans.SingleProcessSummary(temp.Path);

        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "slurm")));
        var submission = new SlurmExecutor(NullProgressSink.Instance, JobPlans.Worker, new ClusterSettings(), new SbatchClient())
            .Submit(plan, JobPlans.PlanFile(plan));
        Assert.NotEmpty(submission.Arrays);

        var clock = Stopwatch.StartNew();
        while (!JobStates.IsDone(plan, plan.Job("report")) && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            Assert.DoesNotContain(JobState.Failed, JobStates.All(plan).Values);
            Thread.Sleep(1000);
        }
        Assert.True(JobStates.IsDone(plan, plan.Job("report")),
            $"not finished after {clock.Elapsed}: " + string.Join(", ", JobStates.All(plan).Where(kv => kv.Value != JobState.Done).Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.Equal(reference, RunSummaries.WithoutWallTime(plan.RunDir));
        Assert.Empty(new SlurmExecutor(NullProgressSink.Instance, JobPlans.Worker, new ClusterSettings(), new SbatchClient())
            .Submit(plan, JobPlans.PlanFile(plan)).Arrays);
    }
}
