using System.Text.Json.Nodes;
using LocUnlearn.Common.Progress;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Jobs;
using LocUnlearn.Model;
using LocUnlearn.Study;
using LocUnlearn.Tests.Cli;
using LocUnlearn.Tests.Data;
using LocUnlearn.Text;
using LocUnlearn.Tests.Text;

namespace LocUnlearn.Tests.Study;

/// <summary>
/// The tofu preset's pipeline end to end on a slice of real TOFU (2 forget authors, 3 retain authors) with the Llama-3
/// tokenizer given as --tokenizer, at the tiny preset's sizes (seconds): the run trims the tokenizer into RUN/data,
/// records it, pretrains θp on the TOFU corpus (no forget author) and goes through every stage to the report. One seed,
/// two objectives, two localizers and one random reconstruction region keep it to a dozen unlearning runs (the whole
/// preset is TofuPresetRealTextTests, category RealText).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TofuPipelineTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    /// <summary>The tiny preset's sizes over the tofu preset (data, template, corpus, checks and the rest stay tofu's), with
    /// fewer seeds, objectives, localizers and regions: each adds unlearning runs, not code paths this test needs.</summary>
    public const string TinyOverrides = """
        {
          "seeds": 1, "threads": 1,
          "model": { "hidden_size": 32, "intermediate_size": 64, "layers": 2, "heads": 2, "kv_heads": 1 },
          "pretrain": { "steps": 10, "batch_size": 8, "warmup_steps": 2 },
          "retain": { "steps": 10, "batch_size": 8, "warmup_steps": 2 },
          "retain_corpus_replay": 4,
          "inject": { "retain_replay": 4, "training": { "steps": 8, "batch_size": 6, "warmup_steps": 2 } },
          "unlearn": { "objectives": ["wga", "npo"], "training": { "steps": 4, "batch_size": 6 }, "eval_every": 4 },
          "localization": { "methods": ["random", "wagle"] },
          "reconstruction": { "random_regions": 1, "training": { "steps": 4, "batch_size": 6 }, "eval_every": 4 },
          "evaluation": { "batch_size": 32, "retain_items": 12, "utility_items": 6, "max_new_tokens": 6 }
        }
        """;

    private static string Llama3 => SharedFiles.Require(Llama3TokenizerFixture.RelativePath);

    [SharedFileFact("tofu/forget10.json", Llama3TokenizerFixture.RelativePath)]
    public void TheTofuPipelineRunsOnASliceOfRealTofuWithTheTrimmedTokenizer()
    {
        string data = TofuSlice.Write(Path.Combine(temp.Path, "tofu"));
        string dir = Path.Combine(temp.Path, "run");

        var outcome = new StudyRunner(NullProgressSink.Instance).Run(new RunOptions
        {
            Preset = "tofu", Data = data, Tokenizer = Llama3, ConfigFile = temp.File("tiny.json", TinyOverrides), Out = dir,
        });

        Assert.Equal("tofu", outcome.Config.Preset);
        Assert.Single(outcome.Seeds);
        Assert.NotEmpty(outcome.Experiments.Runs);
        Assert.All(outcome.Experiments.Runs, r => Assert.True(r.Ok, r.Error));
        Assert.True(File.Exists(Path.Combine(dir, "results", "summary.json")));
        Assert.True(File.Exists(Path.Combine(dir, "results", "report.md")));

        // The trimmed tokenizer: in the run, recorded with both hashes, the vocabulary of the model the run trained.
        string trimmed = RunData.TokenizerPath(new RunLayout(dir));
        var record = TrimmedTokenizer.Read(Path.GetDirectoryName(trimmed)!)!;
        Assert.Equal(Path.GetFullPath(Llama3), record.Source);
        Assert.Equal(TrimmedTokenizer.Sha256(Llama3), record.SourceSha256);
        Assert.Equal(TrimmedTokenizer.Sha256(trimmed), record.Sha256);
        Assert.Equal(128256, record.VocabBefore);
        Assert.InRange(record.VocabAfter, 512, 10_000);
        Assert.False(record.AlreadyTrimmed);
        var thetaP = LlamaConfig.Load(Path.Combine(dir, "stages", "pretrain", "model", "config.json"));
        Assert.Equal(record.VocabAfter, thetaP.VocabSize);
        Assert.Equal(TrimmedTokenizer.Sha256(trimmed), TrimmedTokenizer.Sha256(Path.Combine(dir, "stages", "retain", "model", "tokenizer.json")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!["data"]!;
        Assert.Equal(record.Sha256, manifest["tokenizer"]!["sha256"]!.GetValue<string>());
        Assert.Equal(record.SourceSha256, manifest["tokenizer"]!["trimmed_from_sha256"]!.GetValue<string>());
        Assert.Equal(128256, manifest["tokenizer"]!["vocab_size_before_trim"]!.GetValue<int>());
        Assert.Contains("nothing from the forget split", manifest["pretrain_corpus"]!["source"]!.GetValue<string>());

        // θp's corpus: the slice's knowledge pairs and retain answers, neither forget author.
        string corpus = File.ReadAllText(Path.Combine(dir, "data", "pretrain.jsonl"));
        Assert.Equal(10 + 10 + 3 * 20, corpus.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Hsiao Yun-Hwa", corpus);
        Assert.DoesNotContain("Carmen Montenegro", corpus);
        Assert.Contains("Hsiao Yun-Hwa", File.ReadAllText(Path.Combine(data, "forget10.json")));

        // An already trimmed file trims to itself.
        string again = Path.Combine(temp.Path, "again");
        var second = TrimmedTokenizer.Write(trimmed, data, again, Path.Combine(again, "tokenizer.json"));
        Assert.True(second.AlreadyTrimmed);
        Assert.Equal(record.Sha256, second.Sha256);
    }

    [SharedFileFact("tofu/forget10.json")]
    public void ABadTokenizerIsRefusedBeforeAnythingRunsNamingTheFileAndTheFix()
    {
        string data = TofuSlice.Write(Path.Combine(temp.Path, "tofu"));
        string dir = Path.Combine(temp.Path, "run");
        string missing = Path.Combine(temp.Path, "nowhere", "tokenizer.json");
        CliHarness.AssertUserError(CliHarness.Run("run", "--preset", "tofu", "--data", data, "--tokenizer", missing, "--out", dir),
            missing, "data.tokenizer", "tokenizer.json");
        CliHarness.AssertUserError(CliHarness.Run("run", "--preset", "tofu", "--data", data, "--out", dir), "--tokenizer");
        string notJson = temp.File("broken.json", "{ not json");
        CliHarness.AssertUserError(CliHarness.Run("run", "--preset", "tofu", "--data", data, "--tokenizer", notJson, "--out", dir),
            notJson, "byte-level BPE");
        // A WordLevel tokenizer (the synthetic world's) loads but cannot be trimmed.
        string world = Path.Combine(temp.Path, "world");
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", 0)).Write(world);
        string wordLevel = Path.Combine(world, SyntheticWorld.TokenizerFile);
        CliHarness.AssertUserError(CliHarness.Run("run", "--preset", "tofu", "--data", data, "--tokenizer", wordLevel, "--out", dir),
            wordLevel, "byte-level BPE", "WordLevel");
        Assert.False(Directory.Exists(dir));
    }
}
