using System.Diagnostics;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Stages;

/// <summary>
/// θp (SPEC 4.1): the user's HF model folder as it is, or, for the synthetic world, a small LLaMA-architecture model
/// pretrained from random weights on the world's general-knowledge corpus.
/// </summary>
public static class PretrainStage
{
    public const string Name = "pretrain";

    /// <summary>θp's folder: the user's model, or this stage's output.</summary>
    public static string ModelDir(StudyContext ctx) => ctx.Config.Model.Path ?? RunLayout.ModelDir(ctx.Layout.Stage(Name));

    /// <summary>Returns θp's folder and the stage's fingerprint.</summary>
    /// <param name="announce">say "done earlier" when θp is reused; θr's stage, which only needs θp's folder right after
    /// the pretrain job made or reused it, passes false so the line is printed once</param>
    public static (string ModelDir, string Fingerprint) Run(StudyContext ctx, bool announce = true)
    {
        var c = ctx.Config;
        string dir = ctx.Layout.Stage(Name);
        if (c.Model.Path is { } userModel)
        {
            // The user's θp: its fingerprint is its config.json plus its weight files' names and sizes.
            var weights = ModelFolder.WeightFiles(userModel).Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}");
            string fp = StageStore.Fingerprint(Name, File.ReadAllText(Path.Combine(userModel, ModelFolder.ConfigFile)), weights);
            return (userModel, fp);
        }
        // A given tokenizer enters with its hash (the synthetic world's is part of its data); runs without one keep their fingerprint.
        object?[] tokenizer = c.Data.Tokenizer is null ? [] : [ctx.Data.TokenizerHash()];
        string fingerprint = StageStore.Fingerprint([Name, c.Model, c.Pretrain, ctx.Data.Hash, c.Data.WorldSeed,
            StudyData.HashFiles([ctx.Data.PretrainCorpusPath]), .. tokenizer]);
        string modelDir = RunLayout.ModelDir(dir);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
        {
            if (announce)
                ctx.Progress.Log($"θp: done earlier ({dir})");
            return (modelDir, done.Identity());
        }
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        var corpus = ctx.Data.PretrainCorpus(ctx.Progress.Log);
        using var model = new LlamaForCausalLM(NewModelConfig(ctx), ctx.LoadOptions.TorchDevice, ctx.DType);
        model.InitializeWeights(c.Pretrain.Seed);
        TrainingResult result;
        using (var task = ctx.Progress.Start("theta_p", $"pretrain on {corpus.Count} lines", c.Pretrain.Steps))
        {
            var loss = SupervisedLoss.Create(model, corpus, ctx.Data.Collator, c.Pretrain.BatchSize, c.Pretrain.Seed,
                lengthBuckets: c.Pretrain.LengthBuckets);
            result = new Trainer().Train(new FullParameterSet(model), c.Pretrain, loss, "stage pretrain", (_, _) => task.Advance());
        }
        ModelFolder.Save(model, modelDir);
        File.Copy(ctx.Data.Tokenizer.Path, Path.Combine(modelDir, "tokenizer.json"), overwrite: true);
        var record = StageStore.Write(dir, new StageRecord
        {
            Stage = Name,
            Fingerprint = fingerprint,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Config = JsonSerializer.SerializeToNode(new { c.Model, training = c.Pretrain }, ConfigJson.Options),
            Inputs = new Dictionary<string, string>
            {
                ["data_hash"] = ctx.Data.Hash, ["corpus_lines"] = corpus.Count.ToString(), ["corpus"] = ctx.Data.PretrainCorpusPath,
                ["tokenizer"] = ctx.Data.Tokenizer.Path, ["tokenizer_sha256"] = ctx.Data.TokenizerHash(),
            },
            DataHashes = ctx.Data.SplitHashes(forget: false, retain: false, pretrainCorpus: true),
            Steps = result.Steps,
            Losses = result.Losses,
            TrainableParameters = result.TrainableParameters,
            OptimizerStateBytes = result.OptimizerStateBytes,
            Metrics = new Dictionary<string, double> { ["final_loss"] = result.Losses.Count > 0 ? result.Losses[^1] : double.NaN },
        });
        return (modelDir, record.Identity());
    }

    /// <summary>The synthetic world's model: LLaMA architecture at the configured size, vocabulary from the tokenizer.</summary>
    public static LlamaConfig NewModelConfig(StudyContext ctx) => NewModelConfig(ctx.Config, ctx.Data);

    public static LlamaConfig NewModelConfig(ExperimentConfig config, StudyData data)
    {
        var m = config.Model;
        var tok = data.Tokenizer;
        return new LlamaConfig
        {
            Architecture = Architecture.Llama,
            VocabSize = tok.VocabSize,
            HiddenSize = m.HiddenSize,
            IntermediateSize = m.IntermediateSize,
            NumHiddenLayers = m.Layers,
            NumAttentionHeads = m.Heads,
            NumKeyValueHeads = m.KvHeads,
            HeadDim = m.HiddenSize / m.Heads,
            RmsNormEps = 1e-5,
            RopeTheta = m.RopeTheta,
            MaxPositionEmbeddings = Math.Max(512, config.Data.MaxLength * 2),
            TieWordEmbeddings = m.TieWordEmbeddings,
            InitializerRange = 0.02,
            BosTokenId = tok.TokenToId("<bos>"),
            EosTokenIds = [data.Encoder.EosId],
            PadTokenId = tok.TokenToId("<pad>"),
        };
    }
}
