using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Study.Stages;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// The study's Figure 1 (SPEC 8): train a region of θo so each layer's MLP output on forget inputs matches the frozen
/// θr, with the Oracle region V_tgt and Random regions A, B, C; trajectories in (FS, RS) and (log FQ, MU), final
/// per-layer residuals.
/// </summary>
public static class ReconstructUnit
{
    /// <summary>An arm's region: Oracle = V_tgt; Random A, B, ... = uniform from V_tgt's complement, same size, each
    /// with its own stream of the seed.</summary>
    public static Region RegionOf(SeedSetup seed, Arm arm) => arm.Kind switch
    {
        ArmKind.Oracle => seed.Target,
        ArmKind.ReconstructionRandom => RegionSampler.FromComplement(seed.Target, seed.Target.Count, seed.Seed * 1000 + 17 + arm.Index),
        _ => throw new ArgumentException($"{arm.Id} is not a reconstruction region (oracle, random_a, random_b, ...)."),
    };

    public static RunResult Run(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, IReferenceModel thetaR, string thetaRFingerprint,
        Arm arm, CheckpointScorer score)
    {
        var c = ctx.Config.Reconstruction;
        var region = RegionOf(seed, arm);
        string dir = ctx.Layout.Reconstruct(seed.Seed, arm);
        var training = c.Training with { Seed = c.Training.Seed + seed.Seed };
        string fingerprint = StageStore.Fingerprint("reconstruct", seed.ThetaOFingerprint, thetaRFingerprint, training, c.EvalEvery,
            ctx.Config.Evaluation, UnlearnUnit.RegionFingerprint(region));
        if (RunStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
            return done;
        var spec = new RegionRunSpec
        {
            Kind = RunKind.Reconstruct, Arm = arm, Seed = seed.Seed, Dir = dir, Fingerprint = fingerprint, Region = region,
            RegionSize = region.Count,
            Settings = new UnlearningRunSettings { Training = training, EvalEvery = c.EvalEvery, CommitToModel = false, FreeKeys = ctx.Config.Inject.FreeKeys },
            Reference = thetaR,
            Label = $"{arm.Id} seed {seed.Seed}",
        };
        return RegionRun.Execute(spec, thetaO, new MlpReconstruction(), new UnlearningData(ctx.Data.Forget, ctx.Data.Retain), ctx.Data.Collator,
            score, ctx.Progress,
            model => MlpReconstruction.MeasureResiduals(model, thetaR, ctx.Data.Forget, ctx.Data.Collator, ctx.Config.Evaluation.BatchSize));
    }
}
