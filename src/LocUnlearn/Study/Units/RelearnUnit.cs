using System.Diagnostics;
using LocUnlearn.Common;
using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Study.Stages;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Units;

/// <summary>
/// Experiment (d)'s references per seed (SPEC 12): θr attacked exactly as the unlearned models are (what the attack
/// teaches by itself, the floor) and θo's held-out forget ES (the ceiling the recovered fraction is measured against).
/// The attack split is recorded beside them (split.json).
/// </summary>
public static class RelearnUnit
{
    public const string SplitFile = "split.json";
    public const string ThetaRBefore = "theta_r_before_es", ThetaRAfter = "theta_r_after_es", ThetaO = "theta_o_es";

    public static RelearningSplit Split(StudyContext ctx, long seed)
    {
        var c = ctx.Config;
        int perAuthor = c.Relearn.ItemsPerAuthor > 0 ? c.Relearn.ItemsPerAuthor
            : c.Data.Source == DataSource.Synthetic ? c.Data.QaPerAuthor : TofuItemsPerAuthor;
        return RelearningSplit.Of(ctx.Data.Forget.Count, perAuthor, seed);
    }

    /// <summary>TOFU: 20 items per fictitious author.</summary>
    public const int TofuItemsPerAuthor = 20;

    /// <summary>The attack on a model as it stands (an unlearning run's final weights, deltas live), on a copy unless
    /// <paramref name="inPlace"/> (a model loaded for the attack alone).</summary>
    public static RelearnOutcome Attack(StudyContext ctx, LlamaForCausalLM model, long seed, string what, bool inPlace = false,
        Trainer.StepDone? onStep = null) =>
        RelearningAttack.Run(model, Split(ctx, seed), ctx.Data.Forget, ctx.Data.Collator, ctx.Config.Relearn.Training, seed,
            ctx.Data.EosIds, ctx.Config.Evaluation.BatchSize, $"relearn {what}", inPlace, onStep);

    /// <summary>What every attack of the seed depends on beside the attacked model.</summary>
    public static string Fingerprint(StudyContext ctx, long seed) =>
        StageStore.Fingerprint("relearn", ctx.Config.Relearn, seed, ctx.Data.Hash, ctx.Config.Evaluation.BatchSize);

    public static StageRecord Baseline(StudyContext ctx, SeedSetup seed, string thetaR, string thetaRIdentity, LlamaForCausalLM thetaO)
    {
        string dir = ctx.Layout.Relearn(seed.Seed);
        string fingerprint = StageStore.Fingerprint(Fingerprint(ctx, seed.Seed), thetaRIdentity, seed.ThetaOFingerprint);
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is { } done)
            return done;
        StageStore.Reset(dir);
        var clock = Stopwatch.StartNew();
        var split = Split(ctx, seed.Seed);
        AtomicFile.WriteAllText(Path.Combine(dir, SplitFile), System.Text.Json.JsonSerializer.Serialize(split, ConfigJson.Options));
        RelearnOutcome attacked;
        using (var task = ctx.Progress.Start("relearn", $"θr seed {seed.Seed}", ctx.Config.Relearn.Training.Steps))
        using (var model = ctx.LoadModel(thetaR))
            attacked = Attack(ctx, model, seed.Seed, $"θr seed {seed.Seed}", inPlace: true, onStep: (_, _) => task.Advance());
        double thetaOEs = RelearningAttack.HeldOutEs(thetaO, split.HeldOut.Select(i => ctx.Data.Forget[i]).ToList(), ctx.Data.Collator,
            ctx.Data.EosIds, ctx.Config.Evaluation.BatchSize);
        var record = StageStore.Write(dir, new StageRecord
        {
            Stage = "relearn",
            Fingerprint = fingerprint,
            WallSeconds = clock.Elapsed.TotalSeconds,
            Inputs = new Dictionary<string, string> { ["theta_r"] = thetaRIdentity, ["theta_o"] = seed.ThetaOFingerprint },
            Steps = ctx.Config.Relearn.Training.Steps,
            Losses = attacked.Losses,
            Metrics = new Dictionary<string, double>
            {
                [ThetaRBefore] = attacked.BeforeEs, [ThetaRAfter] = attacked.AfterEs, [ThetaO] = thetaOEs,
                ["attack_items"] = attacked.AttackItems, ["held_out_items"] = attacked.HeldOutItems,
            },
        });
        ctx.Progress.Log($"relearning references seed {seed.Seed}: θr held-out ES {attacked.BeforeEs:F3} → {attacked.AfterEs:F3} after the attack; " +
                         $"θo {thetaOEs:F3}");
        return record;
    }
}
