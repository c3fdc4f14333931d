using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Reporting;

/// <summary>
/// The finding of each experiment as report.md states it: every sentence that concludes something is chosen from the
/// numbers (verdicts, signs, recall against chance, tolerances), never fixed text. When the controlled setup failed, the
/// numbers are still given and the conclusions are withheld.
/// </summary>
public static class ReportFindings
{
    public static string OracleVsRandom(StudyAggregates agg) => Withheld(agg) + OracleVsRandomFinding.Text(agg, !agg.SetupFailed);

    public static string Localization(StudyAggregates agg) => Withheld(agg) + LocalizationFinding.Text(agg, !agg.SetupFailed);

    public static string Reconstruction(StudyAggregates agg) => Withheld(agg) + ReconstructionFinding.Text(agg, !agg.SetupFailed);

    public static string Relearning(StudyAggregates agg) => Withheld(agg) + BeyondTheStudyFindings.Relearning(agg, !agg.SetupFailed);

    public static string DoseResponse(StudyAggregates agg) => Withheld(agg) + BeyondTheStudyFindings.DoseResponse(agg, !agg.SetupFailed);

    /// <summary>The banner report.md opens with when a setup check failed, naming each; null when none failed.</summary>
    public static string? SetupBanner(StudyAggregates agg)
    {
        var failed = agg.Checks.Where(k => k.Pass == false).ToList();
        if (failed.Count == 0) return null;
        string which = string.Join("; ", failed.Select(k => $"{SummaryJson.CheckName(k)} = {F(k.Value)} (needs {k.Rule} {F(k.Threshold)})"));
        return $"**The controlled setup failed {failed.Count} of {agg.Checks.Count(k => k.Pass is not null)} checks: {which}.** " +
               "The experiments ran and their numbers are below, but a θr or θo that fails SPEC 4.4 confounds them (unlearning that repairs " +
               "lost retain knowledge looks like a better trade-off), so this report draws no conclusions. Fix the setup (docs/config.md, " +
               "\"Controlled-setup checks\") and run again.";
    }

    private static string Withheld(StudyAggregates agg) => agg.SetupFailed
        ? "*Conclusions withheld: the controlled setup failed (see the banner above); the numbers are shown as measured.* "
        : "";

    internal static string F(double v) => NumberFormat.Significant(v);

    internal static string P(double p) => double.IsNaN(p) ? "n/a" : NumberFormat.PValue(p);

    internal static string Signed(double v) => (v > 0 ? "+" : "") + NumberFormat.Significant(v);
}
