using System.Diagnostics;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Stages;

/// <summary>
/// θr (SPEC 4.2): θp fine-tuned on the retain set with all parameters, so θr never saw the forget set; or a retain-tuned
/// model the user gives (retain.model_path), recorded as given and evaluated like a trained one.
/// </summary>
public static class RetainStage
{
    public const string Name = "retain";

    /// <summary>θr's folder: the given model, or this stage's output.</summary>
    public static string ModelDir(ExperimentConfig c, RunLayout layout) => c.Retain.ModelPath ?? RunLayout.ModelDir(layout.Stage(Name));

    /// <summary>θr's folder, the stage's identity and record; θp is made (or found done) first unless θr is given.</summary>
    public static (string ModelDir, string Fingerprint, StageRecord Record) Run(StudyContext ctx)
    {
        if (ctx.Config.Retain.ModelPath is { } given)
            return RecordGiven(ctx, given);
        // Its callers (the pretrain job, `stage`) have made or reused θp and said so just before: not announced twice.
        var (thetaP, thetaPFingerprint) = PretrainStage.Run(ctx, announce: false);
        return Train(ctx, thetaP, thetaPFingerprint);
    }

    private static (string ModelDir, string Fingerprint, StageRecord Record) Train(StudyContext ctx, string thetaP, string thetaPFingerprint)
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
            Config = JsonSerializer.SerializeToNode<TrainingConfig>(c.Retain, ConfigJson.Options),
            Inputs = new Dictionary<string, string> { ["theta_p"] = thetaPFingerprint, ["data_hash"] = ctx.Data.Hash },
            // Trained on retain (and the corpus when replayed), evaluated on forget and retain.
            DataHashes = ctx.Data.SplitHashes(forget: true, retain: true, pretrainCorpus: c.RetainCorpusReplay > 0),
            Steps = result.Steps,
            Losses = result.Losses,
            TrainableParameters = result.TrainableParameters,
            OptimizerStateBytes = result.OptimizerStateBytes,
            Metrics = SplitFit.Of(ctx, model),
        };
        return Finish(ctx, dir, StageStore.Write(dir, record), modelDir);
    }

    /// <summary>
    /// A given θr: nothing is trained or copied (an 8B model is 16 GB); the record names the folder and the SHA-256 of its
    /// weights, and holds θr's forget and retain ES as a trained θr's does, so the setup checks test it the same way.
    /// The fingerprint reads the weight files' names, sizes and modification times, so a job reuses the record without
    /// hashing gigabytes again while a replaced checkpoint is recorded anew.
    /// </summary>
    private static (string ModelDir, string Fingerprint, StageRecord Record) RecordGiven(StudyContext ctx, string given)
    {
        var c = ctx.Config;
        string dir = ctx.Layout.Stage(Name);
        var weights = ModelFolder.WeightFiles(given);
        var files = weights.Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}:{File.GetLastWriteTimeUtc(f):o}");
        string fingerprint = StageStore.Fingerprint(Name, "given", Path.GetFullPath(given), File.ReadAllText(Path.Combine(given, ModelFolder.ConfigFile)),
            files, ctx.Data.Hash, c.Data.Template, c.Data.MaxLength);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
        {
            ctx.Progress.Log($"θr: given ({given}), recorded earlier ({dir})");
            return (given, done.Identity(), done);
        }
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        ctx.Progress.Log($"θr: given ({given}); hashing its weights and measuring its fit to the splits");
        string sha = StudyData.HashFiles(weights);
        using var model = ctx.LoadModel(given);
        var record = StageStore.Write(dir, new StageRecord
        {
            Stage = Name,
            Fingerprint = fingerprint,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Given = new GivenModel(Path.GetFullPath(given), sha),
            Inputs = new Dictionary<string, string> { ["theta_r_weights"] = sha, ["data_hash"] = ctx.Data.Hash },
            // Evaluated on forget and retain; trained on nothing here.
            DataHashes = ctx.Data.SplitHashes(forget: true, retain: true, pretrainCorpus: false),
            Metrics = SplitFit.Of(ctx, model),
        });
        return Finish(ctx, dir, record, given);
    }

    private static (string ModelDir, string Fingerprint, StageRecord Record) Finish(StudyContext ctx, string dir, StageRecord record, string modelDir)
    {
        ctx.Progress.Log($"θr: forget ES {record.Metrics[StageMetrics.ForgetEs]:F3}, retain ES {record.Metrics[StageMetrics.RetainEs]:F3}");
        return (modelDir, record.Identity(), record);
    }
}
