using LocUnlearn.Evaluation;

namespace LocUnlearn.Study.Units;

/// <summary>AUES and MU95 of a run's evaluated points (θo first), SPEC 9, and whether MU95 could move at all.</summary>
public static class TradeOffSummary
{
    public static (double Aues, double? Mu95) Of(IReadOnlyList<TradeOffPoint> points) =>
        (Aues.Compute(points), Mu95.Compute(points).Log10ForgetQuality);
}
