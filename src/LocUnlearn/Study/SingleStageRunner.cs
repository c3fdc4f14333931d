using LocUnlearn.Common.Progress;
using LocUnlearn.Study.Stages;
using LocUnlearn.Regions;

namespace LocUnlearn.Study;

/// <summary>One stage of the controlled pipeline as it finished: its folder, its model (null when not kept) and its record (null for a
/// user's θp, which is used as it is). <see cref="Skipped"/>: the record predates this call, i.e. it was done earlier
/// with the same inputs.</summary>
public sealed record StageOutcome(string Stage, string Directory, string? ModelDir, StageRecord? Record, bool Skipped);

/// <summary>
/// `locunlearn stage NAME`: one stage θp, θr or θo alone in a run directory, through the same setup and stage code as
/// `locunlearn run`, so a later `run` in that directory finds it done. A stage needs its upstream stages' models;
/// those run first (or are skipped when their records match), so asking for inject alone never fails for want of θr.
/// </summary>
public sealed class SingleStageRunner(IProgressSink progress)
{
    public static IReadOnlyList<string> Stages { get; } = [PretrainStage.Name, RetainStage.Name, InjectStage.Name];

    /// <param name="seed">inject only: the seed of V_tgt and θo (default: the config's first_seed).</param>
    public IReadOnlyList<StageOutcome> Run(RunOptions options, string stage, long? seed)
    {
        int depth = IndexOf(stage);
        if (seed is not null && stage != InjectStage.Name)
            throw new ArgumentException($"--seed chooses the inject stage's seed; {stage} has none (its training seed is {stage}.seed in the config).");
        var config = RunSetup.Resolve(options);
        using var run = RunSetup.Prepare(options.Out ?? RunSetup.DefaultOut(config), config, options.Force, $"locunlearn stage {stage}");
        var layout = run.Layout;
        RunSetup.ApplyThreads(config);
        var started = DateTime.UtcNow;
        using var ctx = new StudyContext(config, layout, RunData.Load(layout, config), progress);
        var outcomes = new List<StageOutcome>();
        StageOutcome Outcome(string name, string dir, string? model, StageRecord? record) =>
            new(name, dir, model, record, record is not null && record.CompletedUtc < started);

        // θp is made when asked for, or as θr's start; a given θr needs none.
        if (depth == 0 || config.NeedsThetaP())
        {
            var (thetaP, _) = PretrainStage.Run(ctx);
            string pretrainDir = layout.Stage(PretrainStage.Name);
            // A user's θp has no record: it is not trained here.
            outcomes.Add(Outcome(PretrainStage.Name, config.Model.Path ?? pretrainDir, thetaP,
                config.Model.Path is null ? StageStore.Read(pretrainDir) : null));
        }
        if (depth < 1) return outcomes;

        var (thetaR, thetaRFp, retainRecord) = RetainStage.Run(ctx);
        outcomes.Add(Outcome(RetainStage.Name, layout.Stage(RetainStage.Name), thetaR, retainRecord));
        if (depth < 2) return outcomes;

        long s = seed ?? config.FirstSeed;
        var (thetaO, _, injectRecord) = InjectStage.Run(ctx, s, thetaR, thetaRFp);
        outcomes.Add(Outcome(InjectStage.Name, layout.Inject(s), thetaO, injectRecord));
        // V_rdm completes the seed's setup (SPEC 4.5) as in `run`, so `report` and later runs see the seed as set up.
        InjectStage.RandomRegion(ctx, s, RegionFile.Load(layout.TargetRegion(s)));
        if (config.Inject.FullReference)
        {
            var thetaREvaluation = Units.CachedEvaluations.ThetaR(ctx, thetaR, thetaRFp);
            var full = InjectStage.RunFullReference(ctx, s, thetaR, thetaRFp, model => Units.CachedEvaluations.SetupMetrics(ctx, model, thetaREvaluation));
            outcomes.Add(Outcome(InjectStage.FullName, layout.InjectFull(s), null, full));
        }
        return outcomes;
    }

    private static int IndexOf(string stage)
    {
        for (int i = 0; i < Stages.Count; i++)
            if (Stages[i] == stage) return i;
        throw new ArgumentException($"unknown stage '{stage}'; stages: {string.Join(", ", Stages)}.");
    }
}
