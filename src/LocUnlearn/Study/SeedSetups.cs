using LocUnlearn.Study.Stages;
using LocUnlearn.Regions;
using LocUnlearn.Jobs;

namespace LocUnlearn.Study;

/// <summary>A seed's controlled setup (θo, V_tgt, V_rdm, records) read back from a run directory where θo is done.</summary>
public static class SeedSetups
{
    /// <summary>For a job: θo must be done; V_rdm is made (deterministically) if an interrupted inject job left it out.</summary>
    public static SeedSetup Load(StudyContext ctx, long seed)
    {
        var layout = ctx.Layout;
        var inject = StageStore.Read(layout.Inject(seed))
            ?? throw new JobDependencyException($"θo of seed {seed} ({layout.Inject(seed)}) has not finished; run its inject job first.");
        var target = RegionFile.Load(layout.TargetRegion(seed));
        return Of(layout, seed, inject, target, InjectStage.RandomRegion(ctx, seed, target));
    }

    /// <summary>For a report: the seed's setup, or null when θo or its V_rdm is not there yet (the seed has no results).</summary>
    public static SeedSetup? TryRead(RunLayout layout, long seed)
    {
        if (StageStore.Read(layout.Inject(seed)) is not { } inject)
            return null;
        var target = RegionFile.Load(layout.TargetRegion(seed));
        // A V_rdm left from an earlier θo (another fraction or V_tgt) is not this seed's: the seed is not set up yet.
        var random = InjectStage.DrawRandomRegion(target, seed);
        return InjectStage.IsStoredRandomRegion(layout.RandomRegion(seed), random) ? Of(layout, seed, inject, target, random) : null;
    }

    private static SeedSetup Of(RunLayout layout, long seed, StageRecord inject, Region target, Region random) =>
        new(seed, RunLayout.ModelDir(layout.Inject(seed)), inject.Identity(), inject, StageStore.Read(layout.InjectFull(seed)), target, random);
}
