using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Study.Stages;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// One unlearning run of the study (SPEC 4.6): θo unlearned with one objective confined to one arm's region (Oracle,
/// Random, a localizer's), evaluated at step 0, every k steps and at the end. θo stays in memory for all runs of a seed:
/// each run reverts it exactly.
/// </summary>
public static class UnlearnUnit
{
    public static RunResult Run(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, string objectiveName, Arm arm, Region region,
        CheckpointScorer score, UnlearningData data)
    {
        var c = ctx.Config.Unlearn;
        string dir = ctx.Layout.Unlearn(seed.Seed, objectiveName, arm);
        var training = c.Training with
        {
            LearningRate = c.LearningRates.TryGetValue(objectiveName, out var lr) ? lr : c.Training.LearningRate,
            Seed = c.Training.Seed + seed.Seed, // same data order for Oracle and Random of a seed (SPEC 4.6)
        };
        bool attack = Attacked(ctx.Config, arm);
        string fingerprint = StageStore.Fingerprint("unlearn", seed.ThetaOFingerprint, objectiveName, c.Settings, training, c.EvalEvery,
            ctx.Config.Evaluation, RegionFingerprint(region), c.KeepCheckpoints, attack ? RelearnUnit.Fingerprint(ctx, seed.Seed) : null);
        if (RunStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
            return done;
        var spec = new RegionRunSpec
        {
            Kind = arm.Kind == ArmKind.Localized ? RunKind.Localized : RunKind.Unlearn,
            Arm = arm, Seed = seed.Seed, Dir = dir, Fingerprint = fingerprint, Region = region, RegionSize = region.Count,
            Settings = new UnlearningRunSettings
            {
                Training = training,
                EvalEvery = c.EvalEvery,
                CommitToModel = false,
                FreeKeys = ctx.Config.Inject.FreeKeys,
                FinalCheckpointDir = c.KeepCheckpoints == KeptCheckpoints.Final ? RunLayout.ModelDir(dir) : null,
            },
            TradeOff = ctx.Config.Evaluation.TradeOff,
            MixingGrid = ctx.Config.Evaluation.MixingGrid,
            TokenizerFile = ctx.Data.Tokenizer.Path,
            Label = $"{objectiveName} {arm.Id} seed {seed.Seed}",
        };
        return RegionRun.Execute(spec, thetaO, UnlearningObjectives.Create(objectiveName, c.Settings), data, ctx.Data.Collator, score, ctx.Progress,
            attack: attack ? model => RelearnUnit.Attack(ctx, model, seed.Seed, spec.Label) : null);
    }

    /// <summary>Experiment (d) attacks the Oracle, Random and dose-response runs (not the localizers' regions).</summary>
    public static bool Attacked(ExperimentConfig config, Arm arm) => config.Relearn.Enabled && arm.OverlapWithTarget is not null;

    /// <summary>DPO's refusal per forget item is drawn with the seed, so every run of a seed trains on the same data.</summary>
    public static UnlearningData Data(StudyContext ctx, long seed) => new(ctx.Data.Forget, ctx.Data.Retain,
        UnlearningData.EncodeRefusals(ctx.Data.Encoder, ctx.Data.ForgetSplit.Items, ctx.Data.Reader.LoadRefusals(), seed));

    public static string RegionFingerprint(Region region) =>
        StageStore.Fingerprint(region.Shape, Enumerable.Range(0, region.Shape.Layers).Select(l => region.NeuronsIn(l)));
}
