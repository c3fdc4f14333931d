using LocUnlearn.Experiments.Stages;
using LocUnlearn.Regions;

namespace LocUnlearn.Experiments.Jobs;

/// <summary>A seed's controlled setup (θo, V_tgt, V_rdm, records) read back from a run directory where θo is done.</summary>
public static class SeedSetups
{
    public static SeedSetup Load(StudyContext ctx, long seed)
    {
        var layout = ctx.Layout;
        var inject = StageStore.Read(layout.Inject(seed))
            ?? throw new JobDependencyException($"θo of seed {seed} ({layout.Inject(seed)}) has not finished; run its inject job first.");
        var target = RegionFile.Load(layout.TargetRegion(seed));
        return new SeedSetup(seed, RunLayout.ModelDir(layout.Inject(seed)), inject.Fingerprint, inject,
            StageStore.Read(layout.InjectFull(seed)), target, InjectStage.RandomRegion(ctx, seed, target));
    }
}
