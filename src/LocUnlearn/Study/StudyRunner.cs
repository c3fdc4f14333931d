using System.Diagnostics;
using LocUnlearn.Config;
using LocUnlearn.Common.Progress;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Regions;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Study;

/// <summary>
/// `locunlearn run`: the whole study, stage after stage, each skipped when its record shows it done with the same
/// inputs, so rerunning the same command after an interruption continues where it stopped.
/// </summary>
public sealed class StudyRunner(IProgressSink progress)
{
    public StudyOutcome Run(RunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var config = RunSetup.Resolve(options);
        var layout = RunSetup.Prepare(options.Out ?? RunSetup.DefaultOut(config), config, options.Force);
        RunSetup.ApplyThreads(config);
        var timings = new StageTimings();
        string dataFolder = timings.Time("data", () => RunSetup.DataFolder(layout, config));
        using var ctx = new StudyContext(config, layout, StudyData.Load(dataFolder, config.Data, config.Model.Path), progress);
        MemoryCheck.Run(ctx);

        var (thetaP, thetaPFp) = timings.Time("pretrain", () => PretrainStage.Run(ctx));
        var (thetaR, thetaRFp, retainRecord) = timings.Time("retain", () => RetainStage.Run(ctx, thetaP, thetaPFp));
        var seeds = new List<SeedSetup>();
        int fullReferenceSeeds = config.Inject.FullReferenceSeeds > 0 ? config.Inject.FullReferenceSeeds : config.Seeds;
        foreach (long seed in config.SeedList())
        {
            var (thetaO, thetaOFp, injectRecord) = timings.Time("inject", () => InjectStage.Run(ctx, seed, thetaR, thetaRFp));
            var fullRecord = config.Inject.FullReference && seeds.Count < fullReferenceSeeds
                ? timings.Time("inject-full", () => InjectStage.RunFullReference(ctx, seed, thetaR, thetaRFp))
                : null;
            var target = RegionFile.Load(layout.TargetRegion(seed));
            var random = InjectStage.RandomRegion(ctx, seed, target);
            seeds.Add(new SeedSetup(seed, thetaO, thetaOFp, injectRecord, fullRecord, target, random));
        }
        var experiments = timings.Time("experiments", () => new ExperimentsRunner(ctx, timings).Run(seeds, thetaR, thetaRFp));
        var outcome = new StudyOutcome(layout, config, retainRecord, seeds, experiments, timings, clock.Elapsed.TotalSeconds);
        timings.Time("report", () => StudyReport.Write(ctx, outcome));
        outcome = outcome with { WallSeconds = clock.Elapsed.TotalSeconds };
        Manifest.Write(ctx, outcome, dataFolder, thetaP, thetaR);
        StudyReport.WriteSummary(ctx, outcome);
        return outcome;
    }
}

/// <summary>One seed's controlled setup: θo, V_tgt, V_rdm and the injection records.</summary>
public sealed record SeedSetup(long Seed, string ThetaO, string ThetaOFingerprint, StageRecord Inject, StageRecord? InjectFull,
    Region Target, Region Random);

public sealed record StudyOutcome(RunLayout Layout, ExperimentConfig Config, StageRecord Retain, IReadOnlyList<SeedSetup> Seeds,
    ExperimentResults Experiments, StageTimings Timings, double WallSeconds);

/// <summary>Wall time per stage kind, summed over seeds and runs (for the manifest and `bench run`).</summary>
public sealed class StageTimings
{
    private readonly Dictionary<string, double> seconds = new();

    public IReadOnlyDictionary<string, double> Seconds => seconds;

    public void Time(string stage, Action work) => Time(stage, () => { work(); return 0; });

    public T Time<T>(string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return work();
        }
        finally
        {
            seconds[stage] = seconds.GetValueOrDefault(stage) + clock.Elapsed.TotalSeconds;
        }
    }
}
