using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Jobs;
using LocUnlearn.Common.Progress;

using LocUnlearn.Tests.Study;

namespace LocUnlearn.Tests.Jobs;

/// <summary>A small study for job-graph tests: the tiny preset with one seed, two objectives, one localizer and one
/// random reconstruction region, plus the tiny preset's experiments (d) and (e): the relearning references job and one
/// dose-response run (WGA at q = 0.5) (19 jobs).</summary>
internal static class JobPlans
{
    public const string SmallStudy = """
        {
          "seeds": 1,
          "unlearn": { "objectives": ["wga", "npo"] },
          "localization": { "methods": ["random"] },
          "reconstruction": { "random_regions": 1 }
        }
        """;

    public static RunOptions Options(string folder, string runDir, string? json = null)
    {
        string file = Path.Combine(folder, $"study-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json ?? SmallStudy);
        return new RunOptions { Preset = "tiny", ConfigFile = file, Out = runDir };
    }

    /// <summary>The plan, its run directory prepared (the lock is released at once: the tests drive the executors).</summary>
    public static StudyPlan Make(RunOptions options)
    {
        var (plan, _, runLock) = StudyPlanner.Prepare(options);
        runLock.Dispose();
        return plan;
    }

    /// <summary>The small study run in one process (`locunlearn run`) in folder/reference: its summary without wall time.</summary>
    public static string SingleProcessSummary(string folder)
    {
        string dir = Path.Combine(folder, "reference");
        new StudyRunner(NullProgressSink.Instance).Run(Options(folder, dir));
        return RunSummaries.WithoutWallTime(dir);
    }

    public static string PlanFile(StudyPlan plan) => Path.Combine(plan.RunDir, StudyPlan.FileName);

    public static WorkerCommand Worker => WorkerCommand.FromCliFolder(AppContext.BaseDirectory);
}
