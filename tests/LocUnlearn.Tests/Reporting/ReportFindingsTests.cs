using LocUnlearn.Evaluation;
using LocUnlearn.Reporting;
using LocUnlearn.Unlearning;
using static LocUnlearn.Tests.Reporting.HandBuiltStudy;

namespace LocUnlearn.Tests.Reporting;

/// <summary>report.md's findings on hand-built aggregates: one test per branch of each conclusion, and the numbers it quotes.</summary>
public class ReportFindingsTests
{
    // NPO with Oracle and Random a hair apart on every seed: equivalence within ±0.05 AUES is shown (TOST), and MU95 too.
    private static IEnumerable<LocUnlearn.Study.Units.RunResult> EquivalentNpo() =>
        Arm("unlearn", "npo", "oracle", [0.600, 0.610, 0.605, 0.598, 0.603], [-10.0, -10.1, -9.9, -10.0, -10.05])
            .Concat(Arm("unlearn", "npo", "random", [0.601, 0.609, 0.606, 0.597, 0.604], [-10.05, -10.0, -10.0, -9.95, -10.0]));

    // RMU where Oracle is higher on every one of 3 seeds but the spread is wide: inconclusive, with a consistent direction.
    private static IEnumerable<LocUnlearn.Study.Units.RunResult> ConsistentRmu() =>
        Arm("unlearn", "rmu", "oracle", [0.70, 0.55, 0.62], [-9, -9, -9]).Concat(Arm("unlearn", "rmu", "random", [0.58, 0.54, 0.50], [-9.5, -8.5, -9.2]));

    [Fact]
    public void ADifferenceIsStatedWithItsCiDirectionAndDisagreementWithTheStudy()
    {
        string text = ReportFindings.OracleVsRandom(Aggregates(["wga"], [], 3, ResultTablesTests.WgaRuns()));
        Assert.Contains("WGA AUES: Oracle 0.620 ± 0.020 vs Random 0.540 ± 0.036, Δ = +0.0800 [95% CI", text);
        Assert.Contains("Oracle higher in 3 of 3 seeds; paired t p = 0.015, TOST p = 0.95 (margin ±0.0500), exact p = 0.25: differs", text);
        Assert.Contains("× the study's 0.00700), unlike the study.", text);
        Assert.Contains("1 differ (WGA AUES)", text);
        Assert.Contains("where a comparison here differs, this run disagrees with it", text);
        Assert.Contains("WGA MU95: Oracle -11.0 ± 1.0 vs Random -11.3 ± 1.4", text);
        Assert.Contains("inconclusive", text);
    }

    [Fact]
    public void EquivalenceIsShownNotAssumed()
    {
        string text = ReportFindings.OracleVsRandom(Aggregates(["npo"], [], 5, EquivalentNpo()));
        Assert.Contains("NPO AUES: Oracle", text);
        Assert.Contains("equivalent within ±0.0500, as the study found.", text);
        Assert.Contains("equivalent within ±1.00, as the study found.", text);
        Assert.Contains("This agrees with the study (no difference), and here equivalence is shown, not only assumed.", text);
    }

    [Fact]
    public void AConsistentDirectionTheSeedsCannotConfirmIsSaid()
    {
        string text = ReportFindings.OracleVsRandom(Aggregates(["rmu"], [], 3, ConsistentRmu()));
        Assert.Contains("RMU AUES", text);
        Assert.Contains("Oracle higher in 3 of 3 seeds", text);
        Assert.Contains("inconclusive, although every seed points the same way", text);
        Assert.Contains("a direction these 3 seeds cannot confirm", text);
        Assert.Contains("do not confirm it either", text);
    }

    [Fact]
    public void AFailedSetupOpensWithABannerAndWithholdsEveryConclusion()
    {
        var agg = Aggregates(["wga"], [], 3, ResultTablesTests.WgaRuns(), brokenSetup: true);
        Assert.True(agg.SetupFailed);
        string banner = ReportFindings.SetupBanner(agg)!;
        Assert.Contains("theta_o.retain_es_vs_theta_r (seed 0) = 0.200 (needs <= 0.0500)", banner);
        Assert.Contains("draws no conclusions", banner);
        string text = ReportFindings.OracleVsRandom(agg);
        Assert.StartsWith("*Conclusions withheld", text);
        Assert.Contains("Oracle 0.620 ± 0.020 vs Random 0.540 ± 0.036", text); // the numbers stay
        Assert.DoesNotContain(": differs", text);
        Assert.DoesNotContain("unlike the study", text);
        Assert.DoesNotContain("1 differ", text);
        Assert.Null(ReportFindings.SetupBanner(Aggregates(["wga"], [], 3, ResultTablesTests.WgaRuns())));
    }

    [Theory]
    // recall 0.45 of chance 0.10: finds V_tgt; recall 0.11: does not.
    [InlineData(0.45, "equivalent", "MemFlex finds V_tgt yet unlearns like Random: here locality itself does not help.")]
    [InlineData(0.45, "better", "MemFlex finds V_tgt and unlearns better than Random: here locality helps.")]
    [InlineData(0.11, "equivalent", "MemFlex does not find V_tgt and unlearns like Random: localization failed, which says nothing about whether locality helps.")]
    [InlineData(0.11, "better", "MemFlex unlearns better than Random without finding V_tgt: the gain does not come from the true region.")]
    [InlineData(0.45, "worse", "MemFlex finds V_tgt yet unlearns worse than Random")]
    [InlineData(0.45, "noisy", "cannot be told with these seeds")]
    public void TheLocalizationRuleIsAppliedToEachLocalizer(double recall, string outcome, string expected)
    {
        double[] random = [0.50, 0.54, 0.52, 0.51, 0.53];
        double[] memflex = outcome switch
        {
            "equivalent" => [0.501, 0.539, 0.521, 0.509, 0.531],
            "better" => [0.60, 0.65, 0.62, 0.61, 0.64],
            "worse" => [0.40, 0.45, 0.42, 0.41, 0.44],
            _ => [0.40, 0.70, 0.45, 0.62, 0.50],
        };
        var runs = Arm("localized", "wga", "loc-random", random, [-15, -14, -14, -15, -14])
            .Concat(Arm("localized", "wga", "loc-memflex", memflex, [-15, -14, -14, -15, -14]));
        var localized = Enumerable.Range(0, 5).Select(s => Localized(s, "memflex", recall, recall, 0.10));
        string text = ReportFindings.Localization(Aggregates(["wga"], ["random", "memflex"], 5, runs, localized));
        Assert.Contains(expected, text);
        Assert.Contains($"recall of V_tgt {recall:0.000}", text.Replace("0.450 ± 0", "0.450").Replace("0.110 ± 0", "0.110"));
        Assert.Contains("Random is the random localizer", text);
        Assert.Contains("with inject.free_keys false", text); // MemFlex is gradient-based and the hand-built study injects values only
        Assert.Contains("Settings (localization.settings): MemFlex: 50% of answer tokens replaced, retain gradient on corrupted labels", text);
    }

    [Fact]
    public void LocalizationWithOneSeedSaysThereIsNoTest()
    {
        var runs = Arm("localized", "wga", "loc-random", [0.50], [-15]).Concat(Arm("localized", "wga", "loc-wagle", [0.55], [-12]));
        string text = ReportFindings.Localization(Aggregates(["wga"], ["random", "wagle"], 1, runs, [Localized(0, "wagle", 0.11, 0.11, 0.10)]));
        Assert.Contains("WAGLE does not find V_tgt better than chance: recall of V_tgt 0.110 (chance 0.100)", text);
        Assert.Contains("WGA AUES 0.550 vs 0.500 (one seed: not tested) / MU95 -12.0 vs -15.0 (one seed: not tested)", text);
        Assert.Contains("cannot be told with these seeds", text);
    }

    private static Checkpoint<TradeOffPoint> P(int step, double fs, double rs, double mu) => TestPoints.At(step, fs, rs, -12 + 10 * fs, mu);

    private static LocUnlearn.Study.Units.RunResult Reconstruction(string region, double fs, double rs, double mu, double residual) =>
        Run("reconstruct", "mlp-reconstruction", region, 0, 0, 0, P(0, 0.10, 0.9, 0.5), P(4, fs, rs, mu)) with { FinalLayerResiduals = [residual / 2, residual / 2] };

    [Fact]
    public void ReconstructionCallsItTheSameChangeOnlyWhenEveryMeasureMatches()
    {
        var same = new[] { Reconstruction("oracle", 0.60, 0.90, 0.50, 3.0), Reconstruction("random_a", 0.58, 0.89, 0.49, 3.3), Reconstruction("random_b", 0.56, 0.88, 0.50, 3.6) };
        string text = ReportFindings.Reconstruction(Aggregates(["wga"], [], 1, same));
        Assert.Contains("starting from FS 0.100: the Oracle region ends at FS 0.600, RS 0.900", text);
        Assert.Contains("Random A FS 0.580, RS 0.890", text);
        // (0.57 - 0.10) / (0.60 - 0.10) = 94 %; residual ratio 3.45 / 3.0 = 1.15
        Assert.Contains("The random regions reach 94% of the Oracle region's FS gain and match it on RS, MU and the residual (ratio 1.15): " +
                        "regions other than the true one represent the same change", text);
    }

    [Fact]
    public void ReconstructionSaysWhatDiffersWithTheResidualRatio()
    {
        // The quick run's pattern: random regions almost reach the Oracle's FS but lose RS and stay far from θr's MLP outputs.
        var runs = new[] { Reconstruction("oracle", 0.83, 0.94, 0.46, 2.9), Reconstruction("random_a", 0.80, 0.75, 0.37, 54), Reconstruction("random_b", 0.80, 0.73, 0.36, 54) };
        string text = ReportFindings.Reconstruction(Aggregates(["wga"], [], 1, runs));
        Assert.Contains("The random regions do not represent the same change as the true region: they keep RS 0.740 against its 0.940", text);
        Assert.Contains("MU 0.365 against 0.460", text);
        Assert.Contains("their MLP outputs stay 18.6× as far from θr's", text);
        Assert.Contains("although they reach 96% of its FS gain", text);
        Assert.DoesNotContain("represent the same change, the study", text);
    }

    [Fact]
    public void ReconstructionWithoutAnyForgettingCannotTellTheRegionsApart()
    {
        var runs = new[] { Reconstruction("oracle", 0.10, 0.9, 0.5, 3), Reconstruction("random_a", 0.10, 0.9, 0.5, 3) };
        Assert.Contains("cannot tell the regions apart", ReportFindings.Reconstruction(Aggregates(["wga"], [], 1, runs)));
    }
}
