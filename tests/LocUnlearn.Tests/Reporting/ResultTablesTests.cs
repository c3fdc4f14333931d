using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study.Units;
using static LocUnlearn.Tests.Reporting.HandBuiltStudy;

namespace LocUnlearn.Tests.Reporting;

/// <summary>table2 and table1 cells (Markdown and CSV) from per-seed numbers worked out by hand and with scipy
/// (scripts/reference/statistics_reference.py).</summary>
public class ResultTablesTests
{
    // WGA over seeds 0-2. AUES: Oracle 0.60/0.62/0.64, Random 0.50/0.55/0.57, Δ = 0.10/0.07/0.07 all positive: exact
    // sign-flip p = 2/2³ = 0.25, paired t = 8.0 (df 2) p = 0.0153 < 0.05 → differs; TOST ±0.05 p = 0.952; d_z = 4.62.
    // MU95: Oracle -10/-11/-12, Random -10.5/-10.5/-13, Δ = 0.5/-0.5/1.0: exact p = 0.75, paired t p = 0.529,
    // TOST ±1.0 p = 0.135 → inconclusive.
    internal static IEnumerable<RunResult> WgaRuns() =>
        Arm("unlearn", "wga", "oracle", [0.60, 0.62, 0.64], [-10, -11, -12])
            .Concat(Arm("unlearn", "wga", "random", [0.50, 0.55, 0.57], [-10.5, -10.5, -13]));

    [Fact]
    public void Table2ShowsBothArmsTheDifferenceWithItsCiTheTestsAndTheVerdict()
    {
        Table t = ResultTables.OracleVsRandom(Aggregates(["wga"], [], 3, WgaRuns()));
        Assert.Equal(["objective", "metric", "Random", "Oracle", "Δ = O − R [95% CI]", "abs(O−R)", "seeds O > R",
                "p (exact paired sign-flip permutation)", "p (paired t)", "p (TOST)", "verdict", "study R / O / p"],
            t.Columns.Select(c => c.Header));
        var aues = t.Rows[0].Select(c => c.Text).ToList();
        Assert.Equal(["WGA", "AUES", "0.540 ± 0.036", "0.620 ± 0.020"], aues.Take(4));
        Assert.StartsWith("0.0800 [", aues[4]);
        Assert.Equal(["0.080 ± 0.017", "3 of 3", "0.25", "0.015", "0.95", "differs", "0.586 / 0.593 / 0.61"], aues.Skip(5));
        Assert.Equal(["WGA", "MU95", "-11.3 ± 1.4", "-11.0 ± 1.0"], t.Rows[1].Take(4).Select(c => c.Text));
        Assert.Equal(["0.67 ± 0.29", "2 of 3", "0.75", "0.53", "0.13", "inconclusive"], t.Rows[1].Skip(5).Take(6).Select(c => c.Text));
    }

    [Fact]
    public void Table2CsvHoldsOneNumberPerCellAndAFixedColumnSet()
    {
        var agg = Aggregates(["wga"], [], 3, WgaRuns());
        Table csv = ResultCsv.OracleVsRandom(agg);
        string Cell(int row, string column) => csv.Rows[row][csv.Columns.ToList().FindIndex(c => c.Header == column)].Text;
        double Number(int row, string column) => double.Parse(Cell(row, column), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var column in new[] { "oracle_mean", "oracle_std", "random_mean", "random_std", "delta_mean", "delta_ci95_low", "delta_ci95_high",
                     "n_seeds", "p_permutation", "p_paired_t", "p_tost", "effect_size_dz", "verdict", "degenerate" })
            Assert.Contains(column, csv.Columns.Select(c => c.Header));
        Assert.Equal(0.62, Number(0, "oracle_mean"), 12);
        Assert.Equal(0.08, Number(0, "delta_mean"), 12);
        Assert.Equal(0.01526807216533814, Number(0, "p_paired_t"), 8);
        Assert.Equal(0.9522670168666454, Number(0, "p_tost"), 8);
        Assert.Equal(4.618802153517006, Number(0, "effect_size_dz"), 8);
        Assert.Equal(0.13485162832988917, Number(1, "p_tost"), 8);
        Assert.Equal(("differs", "false"), (Cell(0, "verdict"), Cell(0, "degenerate")));
        Assert.Equal("inconclusive", Cell(1, "verdict"));
        // A run without a second seed keeps the same columns, with empty cells where there is no number.
        var one = ResultCsv.OracleVsRandom(Aggregates(["wga"], [], 1, WgaRuns().Where(r => r.Seed == 0)));
        Assert.Equal(csv.Columns.Select(c => c.Header), one.Columns.Select(c => c.Header));
        Assert.Equal("", one.Rows[0][one.Columns.ToList().FindIndex(c => c.Header == "p_paired_t")].Text);
        Assert.Equal("not_tested", one.Rows[0][one.Columns.ToList().FindIndex(c => c.Header == "verdict")].Text);
    }

    [Fact]
    public void AComparisonWithMu95FromThetaOIsDegenerateNotTestedAndNotCounted()
    {
        var runs = WgaRuns().Select(r => r.Seed == 1 && r.Region == LocUnlearn.Study.Arm.Random ? r with { Mu95FromThetaO = true } : r);
        var agg = Aggregates(["wga"], [], 3, runs);
        var mu95 = agg.OracleVsRandom["wga"]["mu95"];
        Assert.Equal((Verdict.Degenerate, 1), (mu95.Verdict, mu95.DegenerateRuns));
        Assert.True(double.IsNaN(mu95.PPairedT) && double.IsNaN(mu95.PPermutation));
        Assert.Equal("θo only (no checkpoint kept 95% of MU)", ResultTables.OracleVsRandom(agg).Rows[1][10].Text);
        Assert.Contains("Of 1 comparison (1 degenerate one left out): 1 differ (WGA AUES)", ReportFindings.OracleVsRandom(agg));
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
        Assert.Contains("paired t-test", table2);
        Assert.Contains("TOST for equivalence within ±0.05 AUES / ±1 MU95", table2);
        Assert.Contains("2/2^3 = 0.250", table2);
        string table1 = ResultTables.LocalizersVsRandomCaption(agg);
        Assert.Contains("paired t-test and the TOST as in table2, over 3 seeds", table1);
        Assert.Contains("random localizer", table1);
        var oneSeed = Aggregates(["wga"], ["random", "memflex"], 1, Arm("localized", "wga", "loc-random", [0.5], [-15])
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49], [-16])));
        Assert.Contains("mean ± std over 1 seed; one seed: not tested", ResultTables.LocalizersVsRandomCaption(oneSeed));
    }

    [Fact]
    public void TheLocalizationQualityTableKeepsBothChancesTogetherAndTheSeedCountLast()
    {
        var agg = Aggregates(["wga"], ["random", "wagle"], 1, Arm("localized", "wga", "loc-random", [0.50], [-15]),
            [Localized(0, "wagle", 0.11, 0.12, 0.10)]);
        var t = ResultTables.LocalizationQualityTable(agg);
        Assert.Equal(["localizer", "recall of V_tgt", "precision", "Jaccard", "chance recall", "chance precision", "seeds"],
            t.Columns.Select(c => c.Header));
        var wagle = t.Rows.Single(r => r[0].Text == "WAGLE");
        Assert.Equal("1", wagle[^1].Text);
    }

    [Fact]
    public void TheControlledSetupTableNamesTheInjectedShareAndTheReferencesBudgetFromTheConfig()
    {
        var outcome = Outcome(["wga"], [], 1, WgaRuns().Where(r => r.Seed == 0));
        string What(StudyOutcome o, string model) =>
            ResultTables.ControlledSetup(new StudyAggregates(o)).Rows.Single(r => r[0].Text == model)[^1].Text;
        Assert.Equal("θr + forget set injected into V_tgt (10% of value vectors)", What(outcome, "θo"));
        Assert.Equal("θr + forget set with all parameters, same budget", What(outcome, "θo full"));
        var c = outcome.Config;
        var quickLike = outcome with { Config = c with { Inject = c.Inject with { Fraction = 0.2, FullSteps = 200, Training = c.Inject.Training with { Steps = 600 } } } };
        Assert.Equal("θr + forget set injected into V_tgt (20% of value vectors)", What(quickLike, "θo"));
        Assert.Equal("θr + forget set with all parameters, 200 steps (θo: 600)", What(quickLike, "θo full"));
    }

    [Fact]
    public void Table2LeavesOutSeedsWhereAnArmFailed()
    {
        var runs = WgaRuns().Select(r => r.Seed > 0 && r.Region == LocUnlearn.Study.Arm.Random ? r with { Status = RunResult.FailedStatus, Error = "NaN loss" } : r);
        Table t = ResultTables.OracleVsRandom(Aggregates(["wga"], [], 3, runs));
        // one complete pair (seed 0): no spread, the smallest exact p with one pair is 2/2¹ = 1, no t-test
        Assert.Equal(["WGA", "AUES", "0.500", "0.600", "0.100", "0.100", "1 of 1", "1.00", "–", "–", "one seed: not tested"],
            t.Rows[0].Take(11).Select(c => c.Text));
    }

    [Fact]
    public void Table1HasEachLocalizersMeanStdPerObjectiveItsVerdictsAndTheStudy()
    {
        var runs = Arm("localized", "wga", "loc-random", [0.50, 0.54], [-15, -14])
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49, 0.49], [-16, -16]))
            .Concat(Arm("localized", "npo", "loc-memflex", [0.60, 0.70], [-9, -10]));
        var agg = Aggregates(["wga", "npo"], ["random", "memflex"], 2, runs);
        Table t = ResultTables.LocalizersVsRandom(agg);
        Assert.Equal(["region", "WGA AUES", "WGA MU95", "NPO AUES", "NPO MU95", "vs Random (AUES; MU95 per objective)", "study AUES / MU95"],
            t.Columns.Select(c => c.Header));
        Assert.Equal(["Random localizer", "0.520 ± 0.028", "-14.50 ± 0.71", "–", "–", "(the Random arm)", "0.529 / -14.87"], t.Rows[0].Select(c => c.Text));
        // vs Random on WGA, paired by seed: ΔAUES = -0.01/-0.05 (paired t p = 0.39), ΔMU95 = -1/-2; NPO has no Random run to pair with.
        Assert.Equal(["MemFlex", "0.490 ± 0", "-16.0 ± 0", "0.650 ± 0.071", "-9.50 ± 0.71", "WGA inconclusive / inconclusive", "0.491 / -15.97"],
            t.Rows[1].Select(c => c.Text));
        Table csv = ResultCsv.LocalizersVsRandom(agg);
        Assert.Equal(["random", "wga", "aues"], csv.Rows[0].Take(3).Select(c => c.Text));
        Assert.Equal(6, csv.Rows.Count); // random wga ×2 metrics, memflex wga and npo ×2
    }
}
