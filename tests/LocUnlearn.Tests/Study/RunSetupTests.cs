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

    private string SaveTinyModel(string name, int layers = 2)
    {
        string dir = Path.Combine(temp.Path, name);
        using var tiny = LocUnlearn.Tests.Model.TinyModels.Create(LocUnlearn.Tests.Model.TinyModels.Config() with { NumHiddenLayers = layers });
        LocUnlearn.Model.Checkpoints.ModelFolder.Save(tiny, dir);
        return dir;
    }

    [SharedFileFact("tofu/forget10.json")]
    public void PaperRunsFromAGivenThetaRWithoutAModel()
    {
        string thetaR = SaveTinyModel("retain90");

        var config = RunSetup.Resolve(new RunOptions { Preset = "paper", Data = SharedFiles.Require("tofu"), RetainModel = thetaR });

        Assert.Equal(Path.GetFullPath(thetaR), config.Retain.ModelPath);
        Assert.Null(config.Model.Path);
        Assert.Equal(thetaR, config.ModelFolder());
    }

    [Fact]
    public void AMissingRetainModelIsRefusedNamingTheKeyAndTheFlag()
    {
        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", RetainModel = Path.Combine(temp.Path, "absent") }));
        Assert.Contains("retain.model_path", e.Message);
        Assert.Contains("--retain-model", e.Message);
    }

    [Fact]
    public void AGivenThetaRMustHaveThetaPsShape()
    {
        var options = new RunOptions { Preset = "tiny", Model = SaveTinyModel("theta-p"), RetainModel = SaveTinyModel("theta-r", layers: 3) };

        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(options));
        Assert.Contains("retain.model_path", e.Message);
        Assert.Contains("θp", e.Message);
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
