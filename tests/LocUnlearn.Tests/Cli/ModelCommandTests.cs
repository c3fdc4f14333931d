using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json.Nodes;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Tests.Model;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Cli;

/// <summary>`locunlearn model init|logits|info|generate` on tiny models.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Sub(string name) => System.IO.Path.Combine(folder.Path, name);

    private string TinyConfigFile(LlamaConfig config) =>
        folder.File("config.json", config.ToJson("float32").ToJsonString());

    private static void AssertSucceeded(CliOutcome outcome) =>
        Assert.True(outcome.ExitCode == 0, $"exit code {outcome.ExitCode}, stdout: {outcome.Out}, stderr: {outcome.Error}");

    [Fact]
    public void InitWritesReproducibleHfInitialisedWeights()
    {
        var config = TinyModels.Config() with { InitializerRange = 0.05 };
        string configPath = TinyConfigFile(config);

        AssertSucceeded(CliHarness.Run("model", "init", "--config", configPath, "--out", Sub("a"), "--seed", "7"));
        AssertSucceeded(CliHarness.Run("model", "init", "--config", configPath, "--out", Sub("b"), "--seed", "7"));
        AssertSucceeded(CliHarness.Run("model", "init", "--config", configPath, "--out", Sub("c"), "--seed", "8"));

        byte[] Weights(string dir) => File.ReadAllBytes(System.IO.Path.Combine(Sub(dir), ModelFolder.SingleFile));
        Assert.Equal(Weights("a"), Weights("b"));
        Assert.NotEqual(Weights("a"), Weights("c"));

        using var model = ModelFolder.Load(Sub("a"));
        Assert.True(JsonNode.DeepEquals(config.ToJson("float32"), model.Config.ToJson("float32")), "config.json changed");
        var weights = new List<float>();
        foreach (var (name, p) in model.named_parameters())
        {
            var values = p.data<float>().ToArray();
            if (name.EndsWith("norm.weight"))
                Assert.All(values, v => Assert.Equal(1f, v));
            else if (name != "model.embed_tokens.weight") // its padding row is zero
                weights.AddRange(values);
        }
        double mean = weights.Average(v => (double)v);
        double std = Math.Sqrt(weights.Average(v => (v - mean) * (v - mean)));
        Assert.True(Math.Abs(mean) < 0.005, $"mean {mean}");
        Assert.True(Math.Abs(std - 0.05) < 0.0025, $"std {std}, initializer_range 0.05");
        var embed = model.model.embed_tokens.weight!;
        Assert.All(embed[config.PadTokenId!.Value].data<float>().ToArray(), v => Assert.Equal(0f, v));
        using var embedStd = embed.narrow(0, 1, config.VocabSize - 1).std();
        Assert.True(Math.Abs(embedStd.item<float>() - 0.05) < 0.005, $"embedding std {embedStd.item<float>()}");
    }

    [Fact]
    public void LogitsAreOneFp32RowPerPositionOfTheReloadedModel()
    {
        string dir = Sub("model");
        using (var saved = TinyModels.Create(TinyModels.Config()))
            ModelFolder.Save(saved, dir);
        string output = Sub("logits.json");

        var toFile = CliHarness.Run("model", "logits", "--model", dir, "--ids", "1,5,9,3", "--out", output);
        var toStdout = CliHarness.Run("model", "logits", "--model", dir, "--ids", "1, 5, 9, 3");

        AssertSucceeded(toFile);
        AssertSucceeded(toStdout);
        var json = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        Assert.Equal(["logits"], json.Select(kv => kv.Key));
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(toStdout.Out)!.ToJsonString());
        var rows = json["logits"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<float>()).ToArray()).ToArray();
        using var model = ModelFolder.Load(dir);
        using var expected = model.forward(TinyModels.Ids([1, 5, 9, 3]));
        Assert.Equal(4, rows.Length);
        for (int t = 0; t < 4; t++)
            Assert.Equal(expected[0, t].data<float>().ToArray(), rows[t]);

        CliHarness.AssertUserError(CliHarness.Run("model", "logits", "--model", dir, "--ids", "1,40"), "--ids", "[0, 40)");
        CliHarness.AssertUserError(CliHarness.Run("model", "logits", "--model", dir, "--ids", "1,x"), "--ids", "'x'");
    }

    [Fact]
    public void LogitsRefuseMoreIdsThanTheModelHasPositions()
    {
        string dir = Sub("model");
        using (var saved = TinyModels.Create(TinyModels.Config()))
            ModelFolder.Save(saved, dir);
        string ids = string.Join(',', Enumerable.Repeat(1, 129));

        var outcome = CliHarness.Run("model", "logits", "--model", dir, "--ids", ids);

        CliHarness.AssertUserError(outcome, "--ids: 129 ids, but the model takes at most 128 positions (max_position_embeddings in config.json); " +
                                            "pass at most 128 ids.");
        Assert.Empty(outcome.Out);
        CliHarness.AssertUserError(CliHarness.Run("model", "logits", "--model", dir, "--ids", ","), "--ids: no token ids given");
    }

    [Fact]
    public void LogitsOnACheckpointWhoseHeaderLiesIsAUserErrorWithoutATrace()
    {
        string dir = Sub("model");
        using (var saved = TinyModels.Create(TinyModels.Config()))
            ModelFolder.Save(saved, dir);
        string file = System.IO.Path.Combine(dir, ModelFolder.SingleFile);
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^4]);

        var outcome = CliHarness.Run("model", "logits", "--model", dir, "--ids", "1,2");

        CliHarness.AssertUserError(outcome, file, "beyond the data section", "the file is truncated");
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    // Parameters of the tiny config (vocab 40, hidden 16, 4 heads of 4, 2 kv heads, intermediate 24, 2 layers), by hand:
    // embed 40·16 = 640, lm_head 640, final norm 16; per layer q 16·16 + k 16·8 + v 16·8 + o 16·16 = 768,
    // mlp 3·16·24 = 1152, two norms 32 = 1952, plus for OLMo2 q_norm 16 + k_norm 8 = 1976.
    [Theory]
    [InlineData(Architecture.Llama, 640 + 640 + 16 + 2 * 1952)]
    [InlineData(Architecture.Olmo2, 640 + 640 + 16 + 2 * 1976)]
    public void InfoPrintsArchitectureParameterCountAndValueVectors(Architecture arch, long parameters)
    {
        string dir = Sub("model");
        using (var saved = TinyModels.Create(TinyModels.Config(arch)))
            ModelFolder.Save(saved, dir);

        var outcome = CliHarness.Run("model", "info", "--model", dir);

        AssertSucceeded(outcome);
        var fields = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        Assert.Equal(arch.ToString(), fields["architecture"]);
        Assert.Equal(parameters.ToString("N0"), fields["parameters"]);
        Assert.Equal($"{2 * 24} (2 x 24)", fields["value vectors"]);
        Assert.Equal(ModelFolder.SingleFile, fields["weight files"]);
    }

    [Fact]
    public void GenerateEqualsGreedyGenerationThroughThePromptTemplate()
    {
        using var world = new TinyWorldModel();
        string tokenizerPath = System.IO.Path.Combine(world.DataDir, "tokenizer.json");
        File.Copy(tokenizerPath, System.IO.Path.Combine(world.ModelDir, "tokenizer.json")); // the default --tokenizer
        const string question = "What is the full name of the author born in the city?";

        var outcome = CliHarness.Run("model", "generate", "--model", world.ModelDir, "--prompt", question, "--max-new-tokens", "6");

        AssertSucceeded(outcome);
        using var model = ModelFolder.Load(world.ModelDir);
        using var tokenizer = HfTokenizer.Load(tokenizerPath);
        var encoder = new PromptEncoder(tokenizer, new PlainTemplate()); // no tokenizer_config.json: the plain template
        var eos = model.Config.EosTokenIds.Append(encoder.EosId).ToHashSet();
        var prompt = encoder.EncodePrompt(question).Select(i => (int)i).ToArray();
        var tokens = new GreedyGenerator(model, eos, model.Config.PadTokenId ?? 0).Generate([prompt], 6)[0];
        Assert.NotEmpty(tokens);
        Assert.Equal(tokenizer.Decode(tokens), outcome.Out.TrimEnd('\n', '\r'));

        var longer = CliHarness.Run("model", "generate", "--model", world.ModelDir, "--prompt", question, "--max-new-tokens", "12");
        AssertSucceeded(longer);
        var expectedLonger = new GreedyGenerator(model, eos, model.Config.PadTokenId ?? 0).Generate([prompt], 12)[0];
        Assert.Equal(tokenizer.Decode(expectedLonger), longer.Out.TrimEnd('\n', '\r'));
    }
}
