using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class StageCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string RunDir => Path.Combine(folder.Path, "run");

    [Fact]
    public void PretrainRunsThenIsSkippedWithTheSameInputs()
    {
        var first = CliHarness.Run("stage", "pretrain", "--preset", "tiny", "--out", RunDir);

        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        string recordPath = Path.Combine(new RunLayout(RunDir).Stage(PretrainStage.Name), StageStore.RecordFile);
        var record = JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(recordPath), ConfigJson.Options)!;
        Assert.Contains("pretrain: ran", first.Out);
        Assert.Contains("final_loss", first.Out);

        var second = CliHarness.Run("stage", "pretrain", "--preset", "tiny", "--out", RunDir);

        Assert.True(second.ExitCode == 0, second.Out + second.Error);
        Assert.Contains("pretrain: done earlier with the same inputs, skipped", second.Out);
        var again = JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(recordPath), ConfigJson.Options)!;
        Assert.Equal(record.CompletedUtc, again.CompletedUtc);
        Assert.Equal(record.Fingerprint, again.Fingerprint);
    }

    [Fact]
    public void ArgumentErrorsExitWith2AndNameTheProblem()
    {
        string badConfig = folder.File("bad.json", "{\"unlearn\": {\"stepz\": 3}}");

        CliHarness.AssertUserError(CliHarness.Run("stage", "pretrain", "--preset", "tiny", "--out", RunDir, "--seed", "3"), "--seed", "inject");
        CliHarness.AssertUserError(CliHarness.Run("stage", "retain", "--preset", "huge", "--out", RunDir), "unknown preset", "huge");
        CliHarness.AssertUserError(CliHarness.Run("stage", "inject", "--preset", "tiny", "--config", badConfig, "--out", RunDir), "unlearn.stepz");
        CliHarness.AssertUserError(CliHarness.Run("stage", "inject", "--preset", "tiny", "--config", Path.Combine(folder.Path, "absent.json"), "--out", RunDir), "absent.json");
        CliHarness.AssertUserError(CliHarness.Run("stage", "retain", "--preset", "tiny", "--data", Path.Combine(folder.Path, "nodata"), "--out", RunDir), "nodata");
        CliHarness.AssertUserError(CliHarness.Run("stage", "deploy", "--out", RunDir));
        Assert.False(Directory.Exists(RunDir)); // nothing is created before the arguments are checked
    }
}
