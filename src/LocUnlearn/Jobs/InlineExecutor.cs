using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>
/// `locunlearn run` (the default executor): every job of the plan in this process, in plan order (each after its
/// dependencies), sharing one study context, so the data is tokenized once and each seed's θo is loaded once for all
/// its runs. A job whose record shows it done with the same inputs skips itself, so running again after an interruption
/// continues where it stopped. A failing job stops the run (a non-finite loss is not a failure: the run is recorded as
/// failed and the study goes on).
/// </summary>
public static class InlineExecutor
{
    public static void Run(StudyContext ctx, StudyPlan plan, StageTimings timings)
    {
        foreach (var job in plan.Jobs)
            timings.Time(TimingName(job.Kind), () => JobDispatch.Execute(ctx, job, timings));
    }

    /// <summary>The manifest's names for what each kind of job costs (this_invocation.wall_seconds).</summary>
    private static string TimingName(JobKind kind) => kind switch
    {
        JobKind.EvaluateThetaR or JobKind.EvaluateThetaO => "evaluate",
        _ => kind.Name(),
    };
}
