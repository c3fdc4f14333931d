using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string RunDir => Path.Combine(folder.Path, "run");

    [Fact]
    public void RebuildsResultsFromWhatHasFinished()
    {
        Assert.Equal(0, CliHarness.Run("stage", "inject", "--preset", "tiny", "--out", RunDir).ExitCode);

        var outcome = CliHarness.Run("report", "--run", RunDir);

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains("1 of 2 seeds set up, 0 finished runs", outcome.Out);
        foreach (string file in new[] { "report.md", "summary.json", "table2.csv", "localization.csv" })
            Assert.True(File.Exists(Path.Combine(RunDir, "results", file)), file);
    }

    [Fact]
    public void ArgumentErrorsExitWith2AndNameTheProblem()
    {
        CliHarness.AssertUserError(CliHarness.Run("report", "--run", Path.Combine(folder.Path, "nowhere")), "config.json", "nowhere");
        CliHarness.AssertUserError(CliHarness.Run("report"), "--run");

        Assert.Equal(0, CliHarness.Run("stage", "pretrain", "--preset", "tiny", "--out", RunDir).ExitCode);
        CliHarness.AssertUserError(CliHarness.Run("report", "--run", RunDir), "stages/retain", "has not finished");
    }
}
