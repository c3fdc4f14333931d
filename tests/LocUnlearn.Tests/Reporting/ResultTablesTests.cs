using LocUnlearn.Study.Units;
using LocUnlearn.Jobs;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Reporting;
using static LocUnlearn.Tests.Reporting.HandBuiltStudy;

namespace LocUnlearn.Tests.Reporting;

/// <summary>table2 and table1 cells from per-seed numbers worked out by hand.</summary>
public class ResultTablesTests
{
    // WGA over seeds 0-2. AUES: Oracle 0.60/0.62/0.64, Random 0.50/0.55/0.57, Δ = 0.10/0.07/0.07 all positive, so the exact
    // sign-flip p is 2/2³ = 0.25; Welch t = 3.361, df = 3.124, p = 0.0411. MU95: Oracle -10/-11/-12, Random -10.5/-10.5/-13,
    // Δ = 0.5/-0.5/1.0: 6 of 8 sign patterns reach |ΣΔ| ≥ 1 (p = 0.75); Welch t = 0.329, df = 3.560, p = 0.761.
    internal static IEnumerable<LocUnlearn.Study.Units.RunResult> WgaRuns() =>
        Arm("unlearn", "wga", "oracle", [0.60, 0.62, 0.64], [-10, -11, -12])
            .Concat(Arm("unlearn", "wga", "random", [0.50, 0.55, 0.57], [-10.5, -10.5, -13]));

    [Fact]
    public void Table2HasMeanStdOfBothArmsTheAbsoluteDifferenceAndBothPValues()
    {
        var agg = Aggregates(["wga"], [], 3, WgaRuns());
        Table t = ResultTables.OracleVsRandom(agg);
        Assert.Equal(["objective", "metric", "Random", "Oracle", "abs(O−R)", "p (exact paired sign-flip permutation)", "p (Welch t)", "study R / O / p"],
            t.Columns.Select(c => c.Header));
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(["WGA", "AUES", "0.540 ± 0.036", "0.620 ± 0.020", "0.080 ± 0.017", "0.25", "0.041", "0.586 / 0.593 / 0.61"],
            t.Rows[0].Select(c => c.Text));
        Assert.Equal(["WGA", "MU95", "-11.3 ± 1.4", "-11.0 ± 1.0", "0.67 ± 0.29", "0.75", "0.76", "-10.33 / -10.00 / 0.46"],
            t.Rows[1].Select(c => c.Text));
        // the CSV gets the p-values' exact values, not their rounded text
        Assert.Equal(0.25, t.Rows[0][5].Number);
        Assert.Equal(0.04114, t.Rows[0][6].Number!.Value, 4);
    }

    [Fact]
    public void CaptionsNameTheTestsTheSeedsAndTheSmallestExactP()
    {
        var agg = Aggregates(["wga"], ["random", "memflex"], 3, WgaRuns()
            .Concat(Arm("localized", "wga", "loc-random", [0.50, 0.54, 0.52], [-15, -14, -14]))
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49, 0.49, 0.50], [-16, -16, -15])));
        string table2 = ResultTables.OracleVsRandomCaption(agg);
        Assert.Contains("mean ± std over 3 seeds", table2);
        Assert.Contains("exact paired sign-flip permutation test", table2);
        Assert.Contains("Welch t-test", table2);
        Assert.Contains("2/2^3 = 0.250", table2);
        string table1 = ResultTables.LocalizersVsRandomCaption(agg);
        Assert.Contains("exact paired sign-flip permutation test over 3 seeds", table1);
        Assert.Contains("random localizer", table1);
        var oneSeed = Aggregates(["wga"], ["random", "memflex"], 1, Arm("localized", "wga", "loc-random", [0.5], [-15])
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49], [-16])));
        Assert.Contains("mean ± std over 1 seed; no p-values: a paired test needs at least 2 seeds", ResultTables.LocalizersVsRandomCaption(oneSeed));
    }

    [Fact]
    public void Table2LeavesOutSeedsWhereAnArmFailedAndHasNoWelchPForOnePair()
    {
        var runs = WgaRuns().Select(r => r.Seed > 0 && r.Region == LocUnlearn.Study.Arm.Random ? r with { Status = RunResult.FailedStatus, Error = "NaN loss" } : r);
        Table t = ResultTables.OracleVsRandom(Aggregates(["wga"], [], 3, runs));
        // one complete pair (seed 0): no spread, the smallest exact p with one pair is 2/2¹ = 1, no Welch test
        Assert.Equal(["WGA", "AUES", "0.500", "0.600", "0.100", "1.00", "–"], t.Rows[0].Take(7).Select(c => c.Text));
    }

    [Fact]
    public void Table1HasEachLocalizersMeanStdPerObjectiveAndTheirAverageBesideTheStudy()
    {
        var runs = Arm("localized", "wga", "loc-random", [0.50, 0.54], [-15, -14])
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49, 0.49], [-16, -16]))
            .Concat(Arm("localized", "npo", "loc-memflex", [0.60, 0.70], [-9, -10]));
        Table t = ResultTables.LocalizersVsRandom(Aggregates(["wga", "npo"], ["random", "memflex"], 2, runs));
        Assert.Equal("region", t.Columns[0].Header);
        Assert.Equal(["WGA AUES", "WGA MU95", "NPO AUES", "NPO MU95", "WGA AUES p", "WGA MU95 p", "NPO AUES p", "NPO MU95 p"],
            t.Columns.Skip(1).Take(8).Select(c => c.Header));
        Assert.Equal(["random", "0.520 ± 0.028", "-14.50 ± 0.71", "–", "–", "–", "–", "–", "–", "0.520", "-14.5", "0.529 / -14.87"],
            t.Rows[0].Select(c => c.Text));
        // mean over the objectives it ran: AUES (0.49 + 0.65) / 2, MU95 (-16 - 9.5) / 2. vs Random on WGA, paired by seed:
        // ΔAUES = -0.01/-0.05 and ΔMU95 = -1/-2 share a sign, so p = 2/2² = 0.5; NPO has no Random run to pair with.
        Assert.Equal(["memflex", "0.490 ± 0", "-16.0 ± 0", "0.650 ± 0.071", "-9.50 ± 0.71", "0.50", "0.50", "–", "–", "0.570", "-12.8", "0.491 / -15.97"],
            t.Rows[1].Select(c => c.Text));
    }
}
