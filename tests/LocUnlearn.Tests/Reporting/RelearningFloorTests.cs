using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Config;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;
using static LocUnlearn.Tests.Reporting.HandBuiltStudy;

namespace LocUnlearn.Tests.Reporting;

/// <summary>
/// Experiment (d)'s floor: when the attack brings nothing back in either arm, "Oracle and Random are equally durable"
/// would be read off two zeros. The comparison must say "floor", never "equivalent", in the verdict and the finding.
/// </summary>
public sealed class RelearningFloorTests
{
    private static StudyAggregates Study(double[] oracleAfter, double[] randomAfter) => new(AttackedStudy(oracleAfter, randomAfter));

    private static StudyOutcome AttackedStudy(double[] oracleAfter, double[] randomAfter)
    {
        // Held-out ES before the attack 0.2 in both arms, θo's 1.0: recovered fraction = (after − 0.2) / 0.8.
        RunResult Attacked(string arm, long seed, double after) => Run("unlearn", "wga", arm, seed, 0.5, -3) with
        {
            Relearning = new RelearnOutcome(10, 10, 0.2, after, [1.0]),
        };
        var runs = oracleAfter.Select((a, s) => Attacked("oracle", s, a)).Concat(randomAfter.Select((a, s) => Attacked("random", s, a))).ToList();
        var outcome = Outcome(["wga"], [], oracleAfter.Length, runs) with
        {
            RelearnReferences = Enumerable.Range(0, oracleAfter.Length).ToDictionary(s => (long)s, _ => new StageRecord
            {
                Stage = "relearn", Fingerprint = "fp", WallSeconds = 1,
                Metrics = new Dictionary<string, double> { [RelearnUnit.ThetaRBefore] = 0.2, [RelearnUnit.ThetaRAfter] = 0.18, [RelearnUnit.ThetaO] = 1.0 },
            }),
        };
        return outcome;
    }

    [Fact]
    public void TheRelearningFigureDrawsThetaRAsTheFloorAndThetaOAsTheCeiling()
    {
        var panels = ReportFigureInputs.Relearning(AttackedStudy([0.3, 0.4], [0.5, 0.6]));
        // before: θr's held-out ES before the attack (0.2); after: θr's after it (0.18); θo's (1.0) in both
        Assert.Equal([(ReportFigureInputs.ThetaRFloorLabel, 0.2), (ReportFigureInputs.ThetaOCeilingLabel, 1.0)],
            panels[0].References.Select(r => (r.Label, r.Value)));
        Assert.Equal([(ReportFigureInputs.ThetaRFloorLabel, 0.18), (ReportFigureInputs.ThetaOCeilingLabel, 1.0)],
            panels[1].References.Select(r => (r.Label, r.Value)));
        Assert.Empty(panels[2].References); // the recovered fraction is already relative to θo
        var withoutReferences = ReportFigureInputs.Relearning(AttackedStudy([0.3, 0.4], [0.5, 0.6]) with { RelearnReferences = new Dictionary<long, StageRecord>() });
        Assert.All(withoutReferences, p => Assert.Empty(p.References));
    }

    [Fact]
    public void AnAttackThatRecoversNothingInEitherArmIsAFloorNotAnEquivalence()
    {
        // Recovered fractions 0.0125-0.05 in both arms, nearly identical: TOST alone would call them equivalent.
        var agg = Study([0.21, 0.22, 0.23, 0.24, 0.21], [0.21, 0.22, 0.23, 0.24, 0.22]);

        var c = agg.RelearningOracleVsRandom["wga"]["recovered_fraction"];
        Assert.Equal(Verdict.Floor, c.Verdict);
        Assert.True(c.Degenerate);
        Assert.Equal("floor", c.Verdict.Name());
        Assert.Equal(Verdict.Floor, agg.RelearningOracleVsRandom["wga"]["after_es"].Verdict);
        string finding = BeyondTheStudyFindings.Relearning(agg, conclude: true);
        Assert.Contains("a floor, not an equivalence", finding);
        Assert.DoesNotContain("equally easy to undo", finding);
    }

    [Fact]
    public void OneArmRecoveringIsTestedAsUsual()
    {
        // Random recovers about half of the way back (V_tgt still holds the knowledge), Oracle nothing.
        var agg = Study([0.21, 0.22, 0.23, 0.21, 0.22], [0.55, 0.62, 0.60, 0.58, 0.66]);

        var c = agg.RelearningOracleVsRandom["wga"]["recovered_fraction"];
        Assert.Equal(Verdict.Differs, c.Verdict);
        Assert.False(c.Degenerate);
        Assert.Contains("harder to undo", BeyondTheStudyFindings.Relearning(agg, conclude: true));
    }

    [Theory]
    [InlineData(0.05, 0.09, true)]
    [InlineData(0.05, 0.10, false)] // the threshold itself is "recovered something"
    [InlineData(0.50, 0.02, false)]
    public void TheFloorNeedsEveryArmBelowTheThreshold(double oracle, double random, bool floor)
    {
        static RelearnArm Arm(double f) => new(new MeanStd(0.2, 0, 5), new MeanStd(0.3, 0, 5), new MeanStd(f, 0, 5));
        var arms = new Dictionary<string, RelearnArm> { ["oracle"] = Arm(oracle), ["random"] = Arm(random) };

        Assert.Equal(floor, BeyondTheStudy.AttackRecoversNothing(arms, 0.1));
    }

    [Fact]
    public void AnArmWithNothingToRecoverCountsAsRecoveringNothing()
    {
        var arms = new Dictionary<string, RelearnArm> { ["oracle"] = new(new MeanStd(1, 0, 5), new MeanStd(1, 0, 5), null) };

        Assert.True(BeyondTheStudy.AttackRecoversNothing(arms, 0.1));
        Assert.False(BeyondTheStudy.AttackRecoversNothing(new Dictionary<string, RelearnArm>(), 0.1));
    }

    [Fact]
    public void TheThresholdIsValidated()
    {
        var bad = Presets.Get("quick") with { Relearn = new RelearnConfig { MinRecoveredFraction = 1.5 } };

        var e = Assert.ThrowsAny<Exception>(() => ConfigValidator.Validate(bad, "test.json"));
        Assert.Contains("relearn.min_recovered_fraction", e.Message);
    }
}
