using System.Diagnostics;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Stages;

/// <summary>
/// θo (SPEC 4.3-4.4): θr trained on the forget set with updates confined to V_tgt, a uniform random p of all value
/// vectors (seeded). Also the full-parameter injection of the same budget, the reference for "learned about as well
/// as full fine-tuning" (its model is not kept).
/// </summary>
public static class InjectStage
{
    public const string Name = "inject";
    public const string FullName = "inject-full";

    public static (string ModelDir, string Fingerprint, StageRecord Record) Run(StudyContext ctx, long seed, string thetaR, string thetaRFingerprint)
    {
        var c = ctx.Config;
        string dir = ctx.Layout.Inject(seed);
        string fingerprint = StageStore.Fingerprint(Name, thetaRFingerprint, OwnInputs(c.Inject), seed, ctx.Data.Hash);
        string modelDir = RunLayout.ModelDir(dir);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
        {
            ctx.Progress.Log($"θo seed {seed}: done earlier");
            return (modelDir, done.Identity(), done);
        }
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        using var model = ctx.LoadModel(thetaR);
        var shape = new RegionShape(model.Config.NumHiddenLayers, model.Config.IntermediateSize);
        var target = RegionSampler.UniformGlobal(shape, c.Inject.Fraction, seed);
        RegionFile.Save(target, ctx.Layout.TargetRegion(seed), "V_tgt", $"uniform {c.Inject.Fraction:P0} of all value vectors, seed {seed}");
        var invariant = RegionInvariant.Capture(model, target, c.Inject.FreeKeys);
        TrainingResult result;
        double[] forgetLosses;
        using (var set = new RegionParameterSet(model, target, c.Inject.FreeKeys))
        {
            // π_θr of a KL replay term: the region trains deltas beside θr's untouched weights, so no copy is needed.
            (result, forgetLosses) = Train(ctx, model, set, c.Inject.ReplayLoss, new SuspendedDeltaReference(model), seed, $"inject V_tgt seed {seed}");
            set.Commit();
        }
        var check = invariant.Check(model);
        if (!check.Holds)
            throw new InvalidOperationException($"stage inject seed {seed}: parameters outside V_tgt changed: {string.Join(", ", check.ChangedOutsideRegion)}");
        ModelFolder.Save(model, modelDir);
        File.Copy(ctx.Data.Tokenizer.Path, Path.Combine(modelDir, "tokenizer.json"), overwrite: true);
        var record = Record(ctx, Name, fingerprint, thetaRFingerprint, seed, clock.Elapsed.TotalSeconds, result, SplitFit.Of(ctx, model))
            with { RegionFile = Path.GetRelativePath(dir, ctx.Layout.TargetRegion(seed)), Invariant = check, ForgetLosses = forgetLosses };
        record = StageStore.Write(dir, record);
        ctx.Progress.Log($"θo seed {seed}: forget ES {record.Metrics["forget_es"]:F3}, retain ES {record.Metrics["retain_es"]:F3}, " +
                         $"invariant holds over {check.TensorsChecked} tensors");
        return (modelDir, record.Identity(), record);
    }

    /// <summary>The full-parameter injection with the same data, steps and hyper-parameters (record only).</summary>
    /// <param name="evaluate">further metrics of the trained model for its record (model utility, forget quality), which
    /// the setup checks hold against θr's</param>
    public static StageRecord RunFullReference(StudyContext ctx, long seed, string thetaR, string thetaRFingerprint,
        Func<LlamaForCausalLM, IReadOnlyDictionary<string, double>>? evaluate = null)
    {
        var c = ctx.Config;
        string dir = ctx.Layout.InjectFull(seed);
        var term = c.Inject.FullReplayLoss;
        // θo's schedule with the reference's step count (as written before full_steps existed, so older runs still resume).
        var schedule = c.Inject.Training with { Steps = c.Inject.FullTraining().Steps };
        string fingerprint = StageStore.Fingerprint(FullName, thetaRFingerprint, schedule, c.Inject.RetainReplay, c.Inject.CorpusReplay,
            term, c.Inject.FullLearningRate, seed, ctx.Data.Hash, evaluate is null ? null : c.Evaluation);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
            return done;
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        using var model = ctx.LoadModel(thetaR);
        // π_θr of a KL replay term: the full-parameter run moves every weight, so it needs a frozen copy of θr.
        using var reference = term.UsesReference() ? FrozenCopyReference.Of(model) : null;
        var (result, forgetLosses) = Train(ctx, model, new FullParameterSet(model), term, reference, seed, $"inject full seed {seed}", c.Inject.FullTraining());
        var metrics = SplitFit.Of(ctx, model);
        foreach (var (key, value) in evaluate?.Invoke(model) ?? new Dictionary<string, double>())
            metrics[key] = value;
        var record = StageStore.Write(dir, Record(ctx, FullName, fingerprint, thetaRFingerprint, seed, clock.Elapsed.TotalSeconds, result, metrics)
            with { ForgetLosses = forgetLosses });
        ctx.Progress.Log($"θo full-parameter reference seed {seed}: forget ES {record.Metrics["forget_es"]:F3}, retain ES {record.Metrics["retain_es"]:F3}");
        return record;
    }

    /// <summary>
    /// V_rdm (SPEC 4.5): as many value vectors as V_tgt, uniformly from its complement; deterministic per seed. The file
    /// lives beside the inject folder, so it outlives a rerun of θo (--force with another inject.fraction, a new θr):
    /// it is kept only when it is exactly the draw for the current V_tgt, else drawn again and replaced.
    /// </summary>
    public static Region RandomRegion(StudyContext ctx, long seed, Region target)
    {
        string path = ctx.Layout.RandomRegion(seed);
        var random = DrawRandomRegion(target, seed);
        if (!IsStoredRandomRegion(path, random))
            RegionFile.Save(random, path, "V_rdm", $"uniform from the complement of V_tgt, seed {seed}");
        return random;
    }

    /// <summary>The V_rdm that belongs to <paramref name="target"/>: same count, disjoint, drawn from the seed's stream.</summary>
    public static Region DrawRandomRegion(Region target, long seed) => RegionSampler.FromComplement(target, target.Count, seed);

    /// <summary>Whether <paramref name="path"/> holds exactly <paramref name="expected"/> (false when absent, of another
    /// shape or unreadable: a stale or half-written V_rdm is never used).</summary>
    public static bool IsStoredRandomRegion(string path, Region expected)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            return RegionFile.Load(path, expected.Shape).SetEquals(expected);
        }
        catch (RegionFileException)
        {
            return false;
        }
    }

    /// <summary>The inject keys θo depends on: the full-parameter reference's own keys are set to their defaults, so
    /// changing them (e.g. its learning rate) reruns only the reference, not θo and everything downstream of it.</summary>
    public static InjectConfig OwnInputs(InjectConfig inject)
    {
        var defaults = new InjectConfig();
        return inject with
        {
            FullReference = defaults.FullReference,
            FullReferenceSeeds = defaults.FullReferenceSeeds,
            FullLearningRate = defaults.FullLearningRate,
            FullReplayLoss = defaults.FullReplayLoss,
            FullSteps = defaults.FullSteps,
        };
    }

    private static (TrainingResult Result, double[] ForgetLosses) Train(StudyContext ctx, LlamaForCausalLM model, ITrainableSet set, RetainTerm replayLoss,
        IReferenceModel? reference, long seed, string what, TrainingConfig? training = null)
    {
        var c = ctx.Config.Inject;
        var t = training ?? c.Training;
        using var task = ctx.Progress.Start("theta_o", what, t.Steps);
        var replay = new List<ReplaySource> { new("retain", ctx.Data.Retain, c.RetainReplay) };
        if (c.CorpusReplay > 0)
            replay.Add(new ReplaySource("corpus", ctx.Data.PretrainCorpus(), c.CorpusReplay));
        var forgetNll = new List<double>(t.Steps * t.GradientAccumulation);
        var loss = InjectionLoss.Create(model, ctx.Data.Forget, ctx.Data.Collator, t.BatchSize, t.Seed + seed, replay, replayLoss, reference,
            t.LengthBuckets, forgetNll);
        var result = new Trainer().Train(set, t, loss, $"stage {what}", (_, _) => task.Advance());
        return (result, PerStep(forgetNll, t.GradientAccumulation));
    }

    /// <summary>The mean of each step's <paramref name="perStep"/> consecutive micro-batch values.</summary>
    public static double[] PerStep(IReadOnlyList<double> values, int perStep) =>
        values.Chunk(perStep).Select(step => step.Average()).ToArray();

    private static StageRecord Record(StudyContext ctx, string stage, string fingerprint, string thetaR, long seed, double wall,
        TrainingResult result, Dictionary<string, double> metrics) => new()
    {
        Stage = stage,
        Fingerprint = fingerprint,
        WallSeconds = wall,
        Config = JsonSerializer.SerializeToNode(ctx.Config.Inject, ConfigJson.Options),
        Inputs = new Dictionary<string, string> { ["theta_r"] = thetaR, ["data_hash"] = ctx.Data.Hash, ["seed"] = seed.ToString() },
        // Trained on forget with retain (and the corpus when replayed), evaluated on forget and retain.
        DataHashes = ctx.Data.SplitHashes(forget: true, retain: true, pretrainCorpus: ctx.Config.Inject.CorpusReplay > 0),
        Steps = result.Steps,
        Losses = result.Losses,
        TrainableParameters = result.TrainableParameters,
        OptimizerStateBytes = result.OptimizerStateBytes,
        Metrics = metrics,
    };
}
