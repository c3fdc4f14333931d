using LocUnlearn.Unlearning;
using LocUnlearn.Evaluation;
namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The mean trajectory over seeds: the metrics averaged step by step over the steps every seed evaluated
/// (runs of one setting share the evaluation schedule; a step missing from one seed would bias the mean).
/// </summary>
public static class TrajectoryMean
{
    public static IReadOnlyList<Checkpoint<TradeOffPoint>> Of(IReadOnlyList<RunTrajectory> runs)
    {
        if (runs.Count == 0)
            return [];
        IEnumerable<int> common = runs[0].Points.Select(p => p.Step);
        foreach (RunTrajectory run in runs.Skip(1))
            common = common.Intersect(run.Points.Select(p => p.Step));
        return common.Order()
            .Select(step =>
            {
                var at = runs.Select(r => r.Points.First(p => p.Step == step).Point).ToList();
                return new Checkpoint<TradeOffPoint>(step, new TradeOffPoint(
                    at.Average(p => p.ForgetScore),
                    at.Average(p => p.RetainScore),
                    at.Average(p => p.Log10ForgetQuality),
                    at.Average(p => p.ModelUtility)));
            })
            .ToList();
    }
}
