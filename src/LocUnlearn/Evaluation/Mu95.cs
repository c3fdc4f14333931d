namespace LocUnlearn.Evaluation;

/// <summary>MU95 outcome. <see cref="Log10ForgetQuality"/> and <see cref="PointIndex"/> are null when no point
/// keeps 95% of the reference utility.</summary>
public sealed record Mu95Result(double? Log10ForgetQuality, int? PointIndex, double UtilityThreshold)
{
    public bool Qualified => Log10ForgetQuality.HasValue;
}

/// <summary>
/// MU95, forget quality at 95% model utility (SPEC 9, [default]): the maximum log10 FQ over a run's evaluated
/// points whose MU ≥ 0.95·MU(θo).
/// </summary>
public static class Mu95
{
    public const double DefaultUtilityFraction = 0.95;

    /// <summary>θo is <paramref name="points"/>[0] (step 0 of the trajectory).</summary>
    public static Mu95Result Compute(IReadOnlyList<TradeOffPoint> points, double utilityFraction = DefaultUtilityFraction)
    {
        if (points.Count == 0) throw new ArgumentException("no points", nameof(points));
        return Compute(points, points[0].ModelUtility, utilityFraction);
    }

    public static Mu95Result Compute(IReadOnlyList<TradeOffPoint> points, double originalUtility, double utilityFraction = DefaultUtilityFraction)
    {
        double threshold = utilityFraction * originalUtility;
        double? best = null;
        int? index = null;
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (p.ModelUtility >= threshold && (best is null || p.Log10ForgetQuality > best))
            {
                best = p.Log10ForgetQuality;
                index = i;
            }
        }
        return new Mu95Result(best, index, threshold);
    }
}
