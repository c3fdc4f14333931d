using LocUnlearn.Unlearning;
using LocUnlearn.Evaluation;
using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using static LocUnlearn.Tests.Reporting.HandBuiltStudy;

namespace LocUnlearn.Tests.Reporting;

/// <summary>report.md's paragraphs state each experiment's finding with the numbers of hand-built aggregates.</summary>
public class ReportFindingsTests
{
    [Fact]
    public void OracleVsRandomStatesBothArmsTheAbsoluteDifferenceBothPValuesAndTheSmallestExactP()
    {
        string text = ReportFindings.OracleVsRandom(Aggregates(["wga"], [], 3, ResultTablesTests.WgaRuns()));
        Assert.Contains("AUES Oracle 0.620 ± 0.020 vs Random 0.540 ± 0.036, per-seed |Δ| 0.080 ± 0.017 " +
                        "(p = 0.25 exact paired sign-flip permutation, p = 0.041 Welch t)", text);
        Assert.Contains("MU95 Oracle -11.0 ± 1.0 vs Random -11.3 ± 1.4, per-seed |Δ| 0.67 ± 0.29 (p = 0.75 exact paired sign-flip permutation, p = 0.76 Welch t)", text);
        Assert.Contains("cannot give a two-sided p below 2/2^3 = 0.25", text);
        Assert.Contains("0 of 2 Oracle-vs-Random comparisons differ at p < 0.05 by the exact test and 1 by Welch t", text);
    }

    [Fact]
    public void LocalizationStatesRecallAndPrecisionAgainstChanceAndAuesMu95AgainstRandomWithPValues()
    {
        var runs = Arm("localized", "wga", "loc-random", [0.50, 0.54], [-15, -14])
            .Concat(Arm("localized", "wga", "loc-memflex", [0.49, 0.49], [-16, -16]));
        var localized = new[]
        {
            Localized(0, "memflex", 0.40, 0.38, 0.10), Localized(1, "memflex", 0.50, 0.42, 0.10),
            Localized(0, "random", 0.10, 0.10, 0.10), Localized(1, "random", 0.12, 0.12, 0.10),
        };
        string text = ReportFindings.Localization(Aggregates(["wga"], ["random", "memflex"], 2, runs, localized));
        Assert.Contains("MemFlex finds V_tgt well above chance: recall of V_tgt 0.450 ± 0.071 (chance 0.100), precision 0.400 ± 0.028 (chance 0.100)", text);
        Assert.Contains("AUES is higher than Random's for 0 of 1 objectives, 0 of 2 differences from Random at p < 0.05 (exact paired sign-flip permutation test, 2 seeds)", text);
        Assert.Contains("AUES WGA 0.490 ± 0 vs 0.520 ± 0.028 (p = 0.50); MU95 WGA -16.0 ± 0 vs -14.50 ± 0.71 (p = 0.50)", text);
        Assert.Contains("Random is the random localizer", text);
    }

    [Fact]
    public void LocalizationWithOneSeedSaysThereIsNoTest()
    {
        var runs = Arm("localized", "wga", "loc-random", [0.50], [-15]).Concat(Arm("localized", "wga", "loc-wagle", [0.55], [-12]));
        string text = ReportFindings.Localization(Aggregates(["wga"], ["random", "wagle"], 1, runs, [Localized(0, "wagle", 0.11, 0.11, 0.10)]));
        Assert.Contains("WAGLE does not find V_tgt better than chance: recall of V_tgt 0.110 (chance 0.100)", text);
        Assert.Contains("one localization seed, so no test vs Random: AUES WGA 0.550 vs 0.500; MU95 WGA -12.0 vs -15.0.", text);
    }

    [Fact]
    public void ReconstructionStatesTheOracleAndRandomFinalPointsAndTheShareOfTheOraclesGain()
    {
        Checkpoint<TradeOffPoint> P(int step, double fs, double fq) => TestPoints.At(step, fs, 0.8, fq, 0.5);
        var runs = new[]
        {
            Run("reconstruct", "mlp", "oracle", 0, 0, 0, P(0, 0.10, -12), P(4, 0.60, -2)),
            Run("reconstruct", "mlp", "random_a", 0, 0, 0, P(0, 0.10, -12), P(4, 0.50, -3)),
            Run("reconstruct", "mlp", "random_b", 0, 0, 0, P(0, 0.10, -12), P(4, 0.40, -4)),
        };
        string text = ReportFindings.Reconstruction(Aggregates(["wga"], [], 1, runs));
        Assert.Contains("starting from FS 0.100: the Oracle region ends at FS 0.600, RS 0.800, log10 FQ -2.00, MU 0.500", text);
        Assert.Contains("Random A FS 0.500, RS 0.800, log10 FQ -3.00, Random B FS 0.400, RS 0.800, log10 FQ -4.00 (mean FS 0.450, log10 FQ -3.50)", text);
        // (0.45 - 0.10) / (0.60 - 0.10) = 70 %
        Assert.Contains("The random regions reach 70% of the Oracle region's FS gain, so random regions represent part of the change", text);
    }
}
