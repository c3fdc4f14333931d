using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Tests.Cli;

namespace LocUnlearn.Tests.Study;

/// <summary>Inputs a preset cannot run without are refused up front, naming the flags that supply them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunSetupTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void PaperWithoutModelOrDataNamesBothFlags()
    {
        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "paper" }));
        Assert.Contains("--preset paper needs --model DIR", e.Message);
        Assert.Contains("--data DIR", e.Message);
    }

    [Fact]
    public void PaperWithDataButNoModelNamesOnlyModel()
    {
        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "paper", Data = temp.Path }));
        Assert.Contains("--model DIR", e.Message);
        Assert.DoesNotContain("--data", e.Message);
    }

    [SharedFileFact("tofu/forget10.json")]
    public void PaperTakesModelAndDataFromTheConfigFileToo()
    {
        string model = Path.Combine(temp.Path, "model");
        using (var tiny = LocUnlearn.Tests.Model.TinyModels.Create(LocUnlearn.Tests.Model.TinyModels.Config()))
            LocUnlearn.Model.Checkpoints.ModelFolder.Save(tiny, model);
        string tofu = SharedFiles.Require("tofu");
        string file = temp.File("paper.json", $$$"""{"model": {"path": "{{{model}}}"}, "data": {"path": "{{{tofu}}}"}}""");
        var config = RunSetup.Resolve(new RunOptions { Preset = "paper", ConfigFile = file });
        Assert.Equal(model, config.Model.Path);
    }

    [Fact]
    public void AFolderWithoutAPretrainingCorpusNeedsAModel()
    {
        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "quick", Data = temp.Path }));
        Assert.Contains("pretrain.jsonl", e.Message);
        Assert.Contains("--model", e.Message);
    }

    [Fact]
    public void TheRunCommandRefusesPaperWithoutModelBeforeLoadingAnything()
    {
        string dir = Path.Combine(temp.Path, "run");
        CliHarness.AssertUserError(CliHarness.Run("run", "--preset", "paper", "--out", dir), "--model", "--data");
        Assert.False(Directory.Exists(dir));
    }
}
