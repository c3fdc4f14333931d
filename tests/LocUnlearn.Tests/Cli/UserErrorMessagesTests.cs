using LocUnlearn.Common;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Tests.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Cli;

/// <summary>Every user mistake of issue 17 is exit code 2 with a one-paragraph message and no stack trace.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UserErrorMessagesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static void AssertMessage(CliOutcome outcome, params string[] fragments)
    {
        CliHarness.AssertUserError(outcome, fragments);
        Assert.DoesNotContain("   at ", outcome.Error); // no stack trace
        Assert.DoesNotContain("Usage:", outcome.Error); // and not the whole help
    }

    private string Run(string config) => Path.Combine(temp.Path, "run-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public void ConfigMistakesNameTheFileTheKeyAndTheFix()
    {
        AssertMessage(CliHarness.Run("plan", "--config", temp.File("a.json", """{"unlearn": {"stepz": 3}}"""), "--run", Run(""), "--out", temp.File("p", "")),
            "a.json", "unknown key 'unlearn.stepz'", "did you mean 'unlearn.training.steps'");
        AssertMessage(CliHarness.Run("plan", "--config", temp.File("b.json", "{\"seeds\": 2,}"), "--run", Run(""), "--out", temp.File("p", "")),
            "b.json line 1, column", "trailing comma");
        AssertMessage(CliHarness.Run("plan", "--config", temp.File("c.json", "{\"seeds\": 2, \"seeds\": 3}"), "--run", Run(""), "--out", temp.File("p", "")),
            "c.json line 1", "key \"seeds\" appears twice");
        AssertMessage(CliHarness.Run("plan", "--config", temp.File("d.json", """{"evaluation": {"trade_off": "mix"}}"""), "--run", Run(""), "--out", temp.File("p", "")),
            "evaluation.trade_off", "one of points, mixing");
        AssertMessage(CliHarness.Run("plan", "--config", temp.Path, "--run", Run(""), "--out", temp.File("p", "")), "a folder, not a config file");
    }

    [Fact]
    public void ABadRmuLayerIsRefusedBeforeAnythingIsTrainedOrWritten()
    {
        string dir = Run("");
        AssertMessage(CliHarness.Run("run", "--preset", "tiny", "--config", temp.File("rmu.json", """{"unlearn": {"settings": {"rmu": {"layer": 9}}}}"""), "--out", dir),
            "unlearn.settings.rmu.layer", "2 layers", "Choose a layer in [0, 1]");
        Assert.False(Directory.Exists(dir)); // no config.json, no stage: the corrected rerun starts clean
    }

    [Fact]
    public void OptionValuesAreCheckedInOneLineWithAPointerToTheHelp()
    {
        var seeds = CliHarness.Run("run", "--seeds", "");
        AssertMessage(seeds, "--seeds: '' is not valid; expected a whole number", "See `locunlearn run --help`");
        Assert.DoesNotContain("System.", seeds.Error);
        var executor = CliHarness.Run("run", "--executor", "lokal");
        AssertMessage(executor, "--executor: 'lokal' is not one of 'inline', 'local', 'slurm'.");
        Assert.Equal(2, executor.Error.Trim().Split('\n').Length);
        Assert.Contains("locunlearn [command] [options]", CliHarness.Run("--help").Out);
    }

    [Fact]
    public void RunOutputMustBeARunDirectoryOrNew()
    {
        string mine = Path.Combine(temp.Path, "mine");
        Directory.CreateDirectory(Path.Combine(mine, "data"));
        File.WriteAllText(Path.Combine(mine, "thesis.tex"), "keep");
        AssertMessage(CliHarness.Run("run", "--preset", "tiny", "--out", mine), "not a LocUnlearn run directory", "thesis.tex");
        Assert.Equal("keep", File.ReadAllText(Path.Combine(mine, "thesis.tex")));
        Assert.True(Directory.Exists(Path.Combine(mine, "data")));
    }

    [Fact]
    public void RealTofuWithoutAModelSaysWhyThePresetNeedsOne()
    {
        string tofu = SharedFiles.Path("tofu") ?? temp.Path;
        AssertMessage(CliHarness.Run("plan", "--preset", "quick", "--data", tofu, "--run", Run(""), "--out", temp.File("p", "")),
            "pretrains θp on the synthetic world's general-knowledge corpus", "retain_corpus_replay", "--model");
    }

    [Fact]
    public void NaNWeightsAreACheckpointProblemNotALearningRateOne()
    {
        string dir = Path.Combine(temp.Path, "nan-model");
        using (var model = TinyModels.Create(TinyModels.Config()))
        {
            using (no_grad()) model.DownProjWeights[1][0, 0] = float.NaN;
            ModelFolder.Save(model, dir);
        }
        AssertMessage(CliHarness.Run("model", "logits", "--model", dir, "--ids", "1,2,3"), "model.layers.1.mlp.down_proj.weight", "NaN or infinite", "damaged");
    }

    [Fact]
    public void LocalizeOutMustBeAFile() =>
        AssertMessage(CliHarness.Run("localize", "--model", temp.Path, "--method", "random", "--out", temp.Path), "--out");

    [Fact]
    public void AWriteThatCannotFitIsRefusedBeforeItStarts()
    {
        var e = Assert.Throws<DiskSpaceException>(() => DiskSpace.Require(temp.Path, long.MaxValue / 2, "saving the model"));
        Assert.Contains("saving the model needs", e.Message);
        Assert.Contains("GiB free", e.Message);
        DiskSpace.Require(temp.Path, 1024, "a small file");
    }

    [Fact]
    public void ASmallWriteOnAFullDiskSaysItsSizeAndTheMargin()
    {
        // Was "needs 0.00 GiB but the disk has 0.00 GiB free": the margin was hidden and both rounded to nothing.
        Assert.Equal("/r/stages/pretrain/model: saving the model needs 117.5 KiB, plus 64.0 MiB kept free for records and logs, but the disk " +
                     "has 12.0 KiB free. Free space (df -h), or choose another --out on a larger disk; finished work is kept, so the same " +
                     "command continues.", DiskSpace.Refusal("/r/stages/pretrain/model", 120_320, 12_288, "saving the model"));
        Assert.Equal("2.50 GiB", DiskSpace.Size(5L << 29));
    }
}
