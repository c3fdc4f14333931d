using LocUnlearn.Evaluation;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The mean trajectory over seeds: the metrics averaged step by step over the steps every seed evaluated
/// (runs of one setting share the evaluation schedule; a step missing from one seed would bias the mean).
/// </summary>
public static class TrajectoryMean
{
    public static IReadOnlyList<Checkpoint<TradeOffPoint>> Of(IReadOnlyList<RunTrajectory> runs) =>
        CommonSteps(runs)
            .Select(step =>
            {
                var at = At(runs, step);
                return new Checkpoint<TradeOffPoint>(step, new TradeOffPoint(
                    at.Average(p => p.ForgetScore),
                    at.Average(p => p.RetainScore),
                    at.Average(p => p.Log10ForgetQuality),
                    at.Average(p => p.ModelUtility)));
            })
            .ToList();

    /// <summary>The mean trajectory in one plane with the sample standard deviation over seeds of each axis at each step
    /// (NaN with one seed).</summary>
    public static IReadOnlyList<BandPoint> Band(IReadOnlyList<RunTrajectory> runs, MetricPlane plane) =>
        CommonSteps(runs)
            .Select(step =>
            {
                var at = At(runs, step);
                var x = Summary.Of(at.Select(plane.X).ToList());
                var y = Summary.Of(at.Select(plane.Y).ToList());
                return new BandPoint(x.Mean, y.Mean, x.Std, y.Std);
            })
            .ToList();

    private static IEnumerable<int> CommonSteps(IReadOnlyList<RunTrajectory> runs)
    {
        if (runs.Count == 0)
            return [];
        IEnumerable<int> common = runs[0].Points.Select(p => p.Step);
        foreach (RunTrajectory run in runs.Skip(1))
            common = common.Intersect(run.Points.Select(p => p.Step));
        return common.Order().ToList();
    }

    private static List<TradeOffPoint> At(IReadOnlyList<RunTrajectory> runs, int step) =>
        runs.Select(r => r.Points.First(p => p.Step == step).Point).ToList();
}
