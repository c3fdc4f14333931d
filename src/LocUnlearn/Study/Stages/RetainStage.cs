using System.Diagnostics;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Stages;

/// <summary>θr (SPEC 4.2): θp fine-tuned on the retain set with all parameters. θr never saw the forget set.</summary>
public static class RetainStage
{
    public const string Name = "retain";

    public static (string ModelDir, string Fingerprint, StageRecord Record) Run(StudyContext ctx, string thetaP, string thetaPFingerprint)
    {
        var c = ctx.Config;
        string dir = ctx.Layout.Stage(Name);
        string fingerprint = StageStore.Fingerprint(Name, thetaPFingerprint, c.Retain, c.RetainCorpusReplay, ctx.Data.Hash, c.Data.Template, c.Data.MaxLength);
        string modelDir = RunLayout.ModelDir(dir);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
        {
            ctx.Progress.Log($"θr: done earlier ({dir})");
            return (modelDir, done.Identity(), done);
        }
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        using var model = ctx.LoadModel(thetaP);
        TrainingResult result;
        using (var task = ctx.Progress.Start("theta_r", $"fine-tune on {ctx.Data.RetainSplit.Name} ({ctx.Data.Retain.Count} items)", c.Retain.Steps))
        {
            var replay = c.RetainCorpusReplay > 0 ? ctx.Data.PretrainCorpus(ctx.Progress.Log) : null;
            var loss = SupervisedLoss.Create(model, ctx.Data.Retain, ctx.Data.Collator, c.Retain.BatchSize, c.Retain.Seed, replay,
                c.RetainCorpusReplay, c.Retain.LengthBuckets);
            result = new Trainer().Train(new FullParameterSet(model), c.Retain, loss, "stage retain", (_, _) => task.Advance());
        }
        ModelFolder.Save(model, modelDir);
        File.Copy(ctx.Data.Tokenizer.Path, Path.Combine(modelDir, "tokenizer.json"), overwrite: true);
        var record = new StageRecord
        {
            Stage = Name,
            Fingerprint = fingerprint,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Config = JsonSerializer.SerializeToNode(c.Retain, ConfigJson.Options),
            Inputs = new Dictionary<string, string> { ["theta_p"] = thetaPFingerprint, ["data_hash"] = ctx.Data.Hash },
            // Trained on retain (and the corpus when replayed), evaluated on forget and retain.
            DataHashes = ctx.Data.SplitHashes(forget: true, retain: true, pretrainCorpus: c.RetainCorpusReplay > 0),
            Steps = result.Steps,
            Losses = result.Losses,
            TrainableParameters = result.TrainableParameters,
            OptimizerStateBytes = result.OptimizerStateBytes,
            Metrics = SplitFit.Of(ctx, model),
        };
        record = StageStore.Write(dir, record);
        ctx.Progress.Log($"θr: forget ES {record.Metrics["forget_es"]:F3}, retain ES {record.Metrics["retain_es"]:F3}");
        return (modelDir, record.Identity(), record);
    }
}
