using LocUnlearn.Evaluation;

namespace LocUnlearn.Study.Units;

/// <summary>AUES and MU95 of a run's evaluated points (θo first), SPEC 9, and whether MU95 could move at all.</summary>
public static class TradeOffSummary
{
    public static (double Aues, double? Mu95) Of(IReadOnlyList<TradeOffPoint> points) =>
        (Aues.Compute(points), Mu95.Compute(points).Log10ForgetQuality);

    /// <summary>Checkpoints after θo (points[0]) whose MU ≥ 0.95·MU(θo); none means MU95 is θo's own forget quality.</summary>
    public static int QualifyingCheckpoints(IReadOnlyList<TradeOffPoint> points)
    {
        double threshold = Mu95.DefaultUtilityFraction * points[0].ModelUtility;
        return points.Skip(1).Count(p => p.ModelUtility >= threshold);
    }

    /// <summary>Mixtures with α > 0 on the grid whose MU ≥ 0.95·MU(θo), plus the bisection's answer when it is above 0.</summary>
    public static int QualifyingMixtures(MixingTradeOffResult mixing)
    {
        double threshold = Mu95.DefaultUtilityFraction * mixing.Grid[0].Point.ModelUtility;
        int onGrid = mixing.Grid.Count(g => g.Alpha > 0 && g.Point.ModelUtility >= threshold);
        return onGrid > 0 || mixing.Mu95Alpha is > 0 ? Math.Max(onGrid, 1) : 0;
    }
}
