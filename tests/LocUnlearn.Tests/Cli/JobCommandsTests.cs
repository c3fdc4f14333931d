using LocUnlearn.Reporting;
using System.Text.Json.Nodes;
using LocUnlearn.Jobs;

namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class JobCommandsTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void PlanThenJobThenStatusTellWhatIsDone()
    {
        string config = temp.File("study.json", LocUnlearn.Tests.Jobs.JobPlans.SmallStudy);
        string run = Path.Combine(temp.Path, "run");
        string planFile = Path.Combine(temp.Path, "plan.json");
        var plan = CliHarness.Run("plan", "--preset", "tiny", "--config", config, "--run", run, "--out", planFile);
        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("19 jobs (0 done)", plan.Out);
        // the per-kind time estimate from the config (TimeEstimate), ending with the total
        Assert.Contains("estimated wall time on a 2-core CPU", plan.Out);
        Assert.Matches(@"\n  retain +1 × .+\n", plan.Out);
        Assert.Matches(@"\n  total +19 ", plan.Out);
        Assert.True(File.Exists(Path.Combine(run, StudyPlan.FileName)));

        var early = CliHarness.Run("job", "--plan", planFile, "--id", "retain");
        Assert.Equal(JobExitCodes.DependencyMissing, early.ExitCode);
        Assert.Contains("pretrain", early.Error);
        Assert.Equal(0, CliHarness.Run("job", "--plan", planFile, "--id", "data").ExitCode);

        var status = CliHarness.Run("status", "--run", run, "--json");
        Assert.Equal(0, status.ExitCode);
        var states = JsonNode.Parse(status.Out)!["jobs"]!.AsArray().ToDictionary(j => (string)j!["id"]!, j => (string)j!["state"]!);
        Assert.Equal("done", states["data"]);
        Assert.Equal("ready", states["pretrain"]);
        Assert.Equal("waiting", states["report"]);

        var table = CliHarness.Run("status", "--run", run);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("1 of 19 jobs done", table.Out);

        var unknown = CliHarness.Run("job", "--plan", planFile, "--id", "unlearn/seed-7/ga/oracle");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no job 'unlearn/seed-7/ga/oracle'", unknown.Error);
    }
}
