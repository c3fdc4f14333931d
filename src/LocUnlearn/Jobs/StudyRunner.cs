using LocUnlearn.Common.Progress;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Jobs;

/// <summary>
/// `locunlearn run`: resolves the config, prepares the run directory, builds the study's plan (saved as plan.json in the
/// run directory, the same file `locunlearn plan` writes) and executes it in this process (<see cref="InlineExecutor"/>).
/// Returns what the run directory then holds, as the report read it.
/// </summary>
public sealed class StudyRunner(IProgressSink progress)
{
    public StudyOutcome Run(RunOptions options)
    {
        var (plan, _, runLock) = StudyPlanner.Prepare(options);
        using var held = runLock;
        var layout = plan.Layout;
        var config = RunSetup.Reopen(layout);
        RunSetup.ApplyThreads(plan.Threads);
        var timings = new StageTimings();
        timings.Time("data", () => RunData.Prepare(layout, config));
        using var ctx = new StudyContext(config, layout, RunData.Load(layout, config), progress);
        MemoryCheck.Run(ctx);
        InlineExecutor.Run(ctx, plan, timings);
        return StudyOutcomeLoader.Load(ctx) with { Timings = timings };
    }
}
