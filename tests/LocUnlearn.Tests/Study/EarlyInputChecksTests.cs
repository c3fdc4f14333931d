using System.Text;
using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Study;
using LocUnlearn.Tests.Cli;
using LocUnlearn.Tests.Model;
using LocUnlearn.Text;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Study;

/// <summary>
/// The pretraining corpus and a --model are read like every other input: strictly, and before config.json is written,
/// so a bad one costs seconds and the corrected rerun into the same --out needs no --force.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EarlyInputChecksTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private string World()
    {
        string data = Path.Combine(temp.Path, "data");
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 0)).Write(data);
        return data;
    }

    private static string Corpus(string data) => Path.Combine(data, SyntheticWorld.PretrainFile);

    private static byte[] WithLine(string data, int index, byte[] line)
    {
        var lines = File.ReadAllLines(Corpus(data)).Select(Encoding.UTF8.GetBytes).ToList();
        lines.Insert(index, line);
        return lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
    }

    [Fact]
    public void InvalidUtf8InThePretrainingCorpusIsRefusedNamingFileAndLine()
    {
        string data = World();
        File.WriteAllBytes(Corpus(data), WithLine(data, 1, [.. "{\"text\": \"Caf"u8, 0xE9, .. " au lait.\"}"u8]));

        var e = Assert.Throws<TofuFormatException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data }));

        Assert.StartsWith($"{Corpus(data)} line 2, byte offset ", e.Message);
        Assert.Contains("invalid UTF-8 (bytes 0xE9 0x20 0x61)", e.Message);
    }

    [Fact]
    public void AnOverLongPretrainingLineIsRefusedAtTheLimitBeforeItIsParsed()
    {
        string data = World();
        File.WriteAllBytes(Corpus(data), WithLine(data, 2, Encoding.UTF8.GetBytes($"{{\"text\": \"{new string('a', 2_000_000)}\"}}")));

        var e = Assert.Throws<TofuFormatException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data }));

        Assert.Equal($"{Corpus(data)} line 3: a line of 2.0 MB, over the limit of 1.0 MB per record; a corpus line is one passage (at most " +
                     "data.max_length tokens of it are used), so a line break between records is missing or this is not a pretraining corpus.",
            e.Message);
        using var study = StudyData.Load(data, new DataConfig { ForgetSplit = "forget10", RetainSplit = "retain90" }, null);
        Assert.Equal(e.Message, Assert.Throws<TofuFormatException>(() => study.PretrainCorpus()).Message); // the stage reads it the same way
    }

    private string SavedModel(string name, Action<LlamaForCausalLM>? damage = null, int vocab = 40)
    {
        string dir = Path.Combine(temp.Path, name);
        using var model = TinyModels.Create(TinyModels.Config(vocab: vocab));
        damage?.Invoke(model);
        ModelFolder.Save(model, dir);
        return dir;
    }

    [Fact]
    public void ADamagedModelIsRefusedBeforeTheRunDirectoryIsMade()
    {
        string nan = SavedModel("nan", m =>
        {
            using var _ = no_grad();
            m.state_dict()["model.layers.1.mlp.down_proj.weight"].fill_(float.NaN);
        });
        string run = Path.Combine(temp.Path, "run");

        var outcome = CliHarness.Run("run", "--preset", "tiny", "--model", nan, "--out", run);

        CliHarness.AssertUserError(outcome, $"{nan}/model.safetensors: tensor 'model.layers.1.mlp.down_proj.weight' holds NaN or infinite values");
        Assert.False(Directory.Exists(run)); // no config.json: the run with a good model is not "a different config"
    }

    [Fact]
    public void ATruncatedModelIsRefusedBeforeConfigJson()
    {
        string cut = SavedModel("cut");
        string weights = Path.Combine(cut, ModelFolder.SingleFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 64)]);

        Assert.Throws<ModelFormatException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Model = cut }));
    }

    [Fact]
    public void ADamagedGivenThetaRIsRefusedBeforeConfigJsonAndNeedsNoCorpus()
    {
        string data = World();
        File.Delete(Corpus(data)); // a given θr is not trained, so nothing replays the corpus
        string good = SavedModel("theta-r", vocab: WorldVocabulary(data));
        string nan = SavedModel("theta-r-nan", m =>
        {
            using var _ = no_grad();
            m.state_dict()["model.norm.weight"].fill_(float.PositiveInfinity);
        });

        var e = Assert.Throws<ModelFormatException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, RetainModel = nan }));

        Assert.StartsWith($"{nan}/model.safetensors: tensor 'model.norm.weight' holds NaN or infinite values", e.Message);
        Assert.Equal(good, RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, RetainModel = good }).Retain.ModelPath);
    }

    private static int WorldVocabulary(string data)
    {
        using var tokenizer = HfTokenizer.Load(Path.Combine(data, "tokenizer.json"));
        return tokenizer.VocabSize;
    }

    [Fact]
    public void ATokenizerWithMoreIdsThanTheGivenModelsEmbeddingIsRefusedBeforeConfigJsonNamingBoth()
    {
        string data = World();
        File.Delete(Corpus(data));
        int ids = WorldVocabulary(data);
        string small = SavedModel("theta-r-small", vocab: ids - 1);
        string tokenizer = Path.Combine(data, "tokenizer.json");
        string runDir = Path.Combine(temp.Path, "run");

        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, RetainModel = small, Out = runDir }));
        var given = Assert.Throws<ConfigException>(() =>
            RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, RetainModel = small, Tokenizer = tokenizer, Out = runDir }));

        Assert.StartsWith($"retain.model_path: {tokenizer} has {ids} token ids, but the model in {small} has vocab_size {ids - 1}", e.Message);
        Assert.StartsWith($"data.tokenizer: {tokenizer} has {ids} token ids", given.Message);
        Assert.Contains("pass the tokenizer the model was trained with", given.Message);
        Assert.False(File.Exists(Path.Combine(runDir, "config.json")));
        string fits = SavedModel("theta-r", vocab: ids);
        Assert.Equal(fits, RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, RetainModel = fits, Tokenizer = tokenizer }).Retain.ModelPath);
    }

    [Fact]
    public void CorpusReplayWithoutACorpusNamesTheKeyAndHowToTurnItOff()
    {
        string data = World();
        File.Delete(Corpus(data));
        string model = SavedModel("model", vocab: WorldVocabulary(data));

        var e = Assert.Throws<ConfigException>(() => RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, Model = model }));

        Assert.Equal($"retain_corpus_replay: 16 replays {Corpus(data)} while θr trains, but {data} has no pretrain.jsonl (real TOFU has no " +
                     "pretraining corpus). Set \"retain_corpus_replay\": 0 in a --config file to train θr on retain90 alone, or put a " +
                     "pretrain.jsonl ({\"text\": ...} a line) in the data folder.", e.Message);
        // tiny also replays corpus lines beside the injection batches (inject.corpus_replay): that key is named next
        string retainOff = temp.File("retain-off.json", """{"retain_corpus_replay": 0}""");
        var inject = Assert.Throws<ConfigException>(() =>
            RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, Model = model, ConfigFile = retainOff }));
        Assert.Equal($"inject.corpus_replay: 4 replays {Corpus(data)} beside every injection batch, but {data} has no pretrain.jsonl (real TOFU " +
                     "has no pretraining corpus). Set \"inject\": {\"corpus_replay\": 0} in a --config file to inject with retain replay alone, " +
                     "or put a pretrain.jsonl ({\"text\": ...} a line) in the data folder.", inject.Message);
        string off = temp.File("off.json", """{"retain_corpus_replay": 0, "inject": {"corpus_replay": 0}}""");
        var resolved = RunSetup.Resolve(new RunOptions { Preset = "tiny", Data = data, Model = model, ConfigFile = off });
        Assert.Equal((0, 0), (resolved.RetainCorpusReplay, resolved.Inject.CorpusReplay));
    }

    [Fact]
    public void TheStagesMessageForAMissingCorpusNamesWhatReadsIt()
    {
        string message = StudyData.MissingCorpus("/data/tofu");

        Assert.StartsWith("/data/tofu/pretrain.jsonl: not found.", message);
        Assert.Contains("retain_corpus_replay", message);
        Assert.Contains("inject.corpus_replay", message);
        Assert.DoesNotContain("pass --model", message);
    }
}
