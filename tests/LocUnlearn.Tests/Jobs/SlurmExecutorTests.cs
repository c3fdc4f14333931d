using LocUnlearn.Reporting;
using LocUnlearn.Config;
using LocUnlearn.Jobs;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Jobs;

/// <summary>What `--executor slurm` submits, checked with a recording client (the real cluster: SlurmClusterTests).</summary>
public sealed class SlurmExecutorTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private sealed class RecordingClient : ISlurmClient
    {
        public List<(string Script, IReadOnlyList<string> AfterOk, string Id)> Submitted { get; } = [];

        public string Submit(string script, IReadOnlyList<string> afterOk)
        {
            string id = (100 + Submitted.Count).ToString();
            Submitted.Add((script, afterOk, id));
            return id;
        }
    }

    private static readonly ClusterSettings Cluster = new()
    {
        Partition = "gpu",
        Account = "lab",
        SbatchArgs = ["--qos=normal"],
        Resources = new Dictionary<string, JobResources>
        {
            ["default"] = new() { Cpus = 4, Mem = "32G", Time = "01:00:00" },
            ["unlearn"] = new() { Gpus = 1, Time = "04:00:00" },
        },
    };

    [Fact]
    public void OneArrayPerKindInPipelineOrderEachAfterTheArraysOfItsDependencies()
    {
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run")));
        var client = new RecordingClient();
        var submission = new SlurmExecutor(NullProgressSink.Instance, JobPlans.Worker, Cluster, client).Submit(plan, JobPlans.PlanFile(plan));

        Assert.Equal(JobKinds.InOrder.Where(k => plan.Jobs.Any(j => j.Kind == k)), submission.Arrays.Select(a => a.Kind));
        string Id(string kind) => submission.Arrays.Single(a => a.Kind.Name() == kind).SlurmJobId;
        var byKind = submission.Arrays.ToDictionary(a => a.Kind.Name());
        Assert.Empty(byKind["data"].AfterOk);
        Assert.Equal([Id("data")], byKind["pretrain"].AfterOk);
        Assert.Equal([Id("inject"), Id("evaluate-theta-r")], byKind["evaluate-theta-o"].AfterOk);
        Assert.Equal([Id("localize"), Id("evaluate-theta-o")], byKind["unlearn-localized"].AfterOk);
        Assert.Equal(submission.Arrays.Count - 1, byKind["report"].AfterOk.Count);
        Assert.Equal(plan.Jobs.Count, submission.Arrays.Sum(a => a.Jobs.Count));
        Assert.Equal(SlurmSubmission.Read(plan.Layout)!.Arrays.Select(a => a.SlurmJobId), submission.Arrays.Select(a => a.SlurmJobId));
    }

    [Fact]
    public void ScriptCarriesResourcesOfItsKindAndRunsTheTasksJob()
    {
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run")));
        var executor = new SlurmExecutor(NullProgressSink.Instance, new WorkerCommand("/opt/locunlearn/locunlearn", []), Cluster, new RecordingClient());
        var unlearn = plan.Jobs.Where(j => j.Kind == JobKind.Unlearn).ToList();
        string script = executor.Script(plan.Layout, "/runs/x/plan.json", JobKind.Unlearn, unlearn);
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains($"#SBATCH --array=0-{unlearn.Count - 1}\n", script);
        Assert.Contains("#SBATCH --partition=gpu\n", script);
        Assert.Contains("#SBATCH --account=lab\n", script);
        Assert.Contains("#SBATCH --gpus=1\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=4\n", script);
        Assert.Contains("#SBATCH --mem=32G\n", script);
        Assert.Contains("#SBATCH --time=04:00:00\n", script);
        Assert.Contains("#SBATCH --qos=normal\n", script);
        Assert.Contains($"  '{unlearn[0].Id}'\n", script);
        Assert.Contains("'/opt/locunlearn/locunlearn' 'job' '--plan' '/runs/x/plan.json' --id \"$ID\"", script);
        string data = executor.Script(plan.Layout, "/runs/x/plan.json", JobKind.Data, [plan.Job("data")]);
        Assert.DoesNotContain("--gpus", data);
    }

    [Fact]
    public void DoneJobsAreNotSubmittedAgain()
    {
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run")));
        new JobRunner(NullProgressSink.Instance).Run(plan, "data");
        var client = new RecordingClient();
        var submission = new SlurmExecutor(NullProgressSink.Instance, JobPlans.Worker, Cluster, client).Submit(plan, JobPlans.PlanFile(plan));
        Assert.DoesNotContain(submission.Arrays, a => a.Kind == JobKind.Data);
        Assert.Empty(submission.Arrays.Single(a => a.Kind == JobKind.Pretrain).AfterOk);
    }

    [Fact]
    public void ClusterFileIsStrict()
    {
        string good = temp.File("cluster.json", """{ "partition": "gpu", "resources": { "default": { "mem": "8G" }, "unlearn": { "gpus": 1 } } }""");
        var settings = ClusterSettings.Load(good);
        Assert.Equal(new JobResources { Gpus = 1, Mem = "8G" }, settings.For(JobKind.Unlearn));
        Assert.Equal(new JobResources { Mem = "8G" }, settings.For(JobKind.Report));

        string typo = temp.File("typo.json", """{ "partiton": "gpu" }""");
        Assert.Contains("partiton", Assert.Throws<ConfigException>(() => ClusterSettings.Load(typo)).Message);
        string kind = temp.File("kind.json", """{ "resources": { "unlern": { "gpus": 1 } } }""");
        var e = Assert.Throws<ConfigException>(() => ClusterSettings.Load(kind));
        Assert.Contains("unlern", e.Message);
        Assert.Contains(kind, e.Message);
    }
}
