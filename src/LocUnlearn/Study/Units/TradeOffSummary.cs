using LocUnlearn.Evaluation;
using LocUnlearn.Reporting;

namespace LocUnlearn.Study.Units;

/// <summary>AUES and MU95 of a run's evaluated points (θo first), SPEC 9.</summary>
public static class TradeOffSummary
{
    public static (double Aues, double? Mu95) Of(IReadOnlyList<TrajectoryPoint> points)
    {
        var tradeOff = points.Select(p => new TradeOffPoint(p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility)).ToList();
        return (Aues.Compute(tradeOff), Mu95.Compute(tradeOff).Log10ForgetQuality);
    }
}
