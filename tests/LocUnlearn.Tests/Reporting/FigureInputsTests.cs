using LocUnlearn.Evaluation;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Plots;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Tests.Reporting;

/// <summary>What each figure is given to draw (which runs, in which order, which values are θo's own), on hand-built
/// outcomes: the figure's data model, not its pixels.</summary>
public sealed class FigureInputsTests
{
    private static readonly string[] Objectives = ["wga", "npo", "dpo", "rmu"];

    [Fact]
    public void ObjectivesFollowTheStudyOrderThenTheConfigsWhateverOrderTheRunsCameIn()
    {
        Assert.Equal(["wga", "npo", "dpo", "rmu"], ObjectiveOrder.Of(["rmu", "dpo", "wga", "npo"]));
        Assert.Equal(["npo", "rmu", "simnpo", "ga"], ObjectiveOrder.Of(["ga", "rmu", "simnpo", "npo"], ["simnpo", "npo", "ga", "rmu"]));
        // Objectives the config does not list (a report read from an older config) come last, in the order met.
        Assert.Equal(["wga", "zeta", "alpha"], ObjectiveOrder.Of(["zeta", "wga", "alpha", "WGA"]));
    }

    [Fact]
    public void HeadlineFigureGroupsObjectivesInTheStudyOrderWithEverySeedPaired()
    {
        // The executor finished RMU first and NPO last; the config lists the study's order.
        var runs = new[] { "rmu", "dpo", "wga", "npo" }
            .SelectMany(o => HandBuiltStudy.Arm("unlearn", o, "oracle", [0.5, 0.6, 0.7], [-2, -3, -4])
                .Concat(HandBuiltStudy.Arm("unlearn", o, "random", [0.4, 0.5, 0.6], [-5, -6, -7])))
            .ToList();
        var outcome = HandBuiltStudy.Outcome(Objectives, [], 3, runs);

        var panels = ReportFigureInputs.OracleVsRandom(outcome);

        Assert.Equal(2, panels.Count);
        Assert.Equal(ReportFigureInputs.AuesLabel, panels[0].YLabel);
        Assert.All(panels, p => Assert.Equal(Objectives, p.Objectives.Select(g => g.Objective)));
        var wgaAues = panels[0].Objectives[0];
        Assert.Equal((Arm.Oracle, Arm.Random), (wgaAues.First.Arm, wgaAues.Second.Arm));
        Assert.Equal("Oracle", wgaAues.First.Arm.DisplayName);
        Assert.Equal([(0.5, 0.4), (0.6, 0.5), (0.7, 0.6)], wgaAues.Pairs.Select(p => (p.First.Value, p.Second.Value)));
        // Mean 0.6, s = 0.1: half width t_{0.975, 2}·0.1/√3 = 4.302653·0.057735 = 0.248414.
        var mean = wgaAues.First.Mean!;
        Assert.Equal(0.6, mean.Mean, 12);
        Assert.Equal(0.6 + 0.248414, mean.High, 5);
        Assert.Equal([-2.0, -3.0, -4.0], panels[1].Objectives[0].First.Seeds.Select(s => s.Value));
        Assert.Null(panels[1].Objectives[0].ThetaOOnlyNote);
    }

    [Fact]
    public void MU95FromThetaOAloneIsMarkedAndFailedRunsAreLeftOut()
    {
        var runs = new List<RunResult>();
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "wga", "oracle", [0.5, 0.6, 0.7], [-2, -3, -4]));
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "wga", "random", [0.4, 0.5, 0.6], [-5, -6, -7]));
        // DPO: no unlearned checkpoint kept 0.95·MU(θo) in any seed of either arm, so MU95 is θo's own everywhere.
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "dpo", "oracle", [0.5, 0.6, 0.7], [-1.27, -1.3, -1.2]).Select(r => r with { Mu95FromThetaO = true }));
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "dpo", "random", [0.4, 0.5, 0.6], [-1.27, -1.3, -1.2]).Select(r => r with { Mu95FromThetaO = true }));
        // RMU: one Random seed is θo-only, and seed 2's Oracle run failed.
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "rmu", "oracle", [0.5, 0.6, 0.7], [-2, -3, -4])
            .Select(r => r.Seed == 2 ? r with { Status = RunResult.FailedStatus, Error = "loss is NaN" } : r));
        runs.AddRange(HandBuiltStudy.Arm("unlearn", "rmu", "random", [0.4, 0.5, 0.6], [-5, -6, -7])
            .Select(r => r.Seed == 1 ? r with { Mu95FromThetaO = true } : r));

        var panels = ReportFigureInputs.OracleVsRandom(HandBuiltStudy.Outcome(Objectives, [], 3, runs));

        var mu95 = panels[1].Objectives.ToDictionary(g => g.Objective);
        Assert.Equal(["wga", "dpo", "rmu"], mu95.Keys);
        Assert.Equal("θo only", mu95["dpo"].ThetaOOnlyNote);
        Assert.All(mu95["dpo"].First.Seeds.Concat(mu95["dpo"].Second.Seeds), s => Assert.True(s.ThetaOOnly));
        Assert.Equal([0L, 1L], mu95["rmu"].First.Seeds.Select(s => s.Seed));
        Assert.Equal(2, mu95["rmu"].Pairs.Count);
        Assert.Equal([false, true, false], mu95["rmu"].Second.Seeds.Select(s => s.ThetaOOnly));
        Assert.Equal("θo only: 1 of 5", mu95["rmu"].ThetaOOnlyNote);
        // AUES never comes from θo alone.
        Assert.All(panels[0].Objectives, g => Assert.Null(g.ThetaOOnlyNote));
    }

    [Fact]
    public void RegionsPerLayerHaveVTargetVRandomAndEveryLocalizerTheRandomOneToo()
    {
        string[] methods = ["random", "activations", "memflex", "wagle"];
        var localized = methods.Select(m => HandBuiltStudy.Localized(0, m, 0.5, 0.5, 0.1))
            .Append(HandBuiltStudy.Localized(1, "wagle", 0.5, 0.5, 0.1));
        var outcome = HandBuiltStudy.Outcome(Objectives, methods, 2, [], localized);

        var (seed, regions) = ReportFigureInputs.RegionLayers(outcome)!.Value;

        Assert.Equal(0, seed);
        Assert.Equal(["v_tgt", "v_rdm", "loc-random", "loc-activations", "loc-memflex", "loc-wagle"], regions.Select(r => r.Name));
        Assert.Equal([1, 1], regions[0].CountPerLayer);
        Assert.Equal(
            ["V_tgt (Oracle)", "V_rdm (Random)", "Random localizer", "Activations", "MemFlex", "WAGLE"],
            regions.Select(r => RegionStyle.DisplayName(r.Name)));
    }

    [Fact]
    public void ResidualsOfTheReconstructionHaveThetaOsAsTheBaseline()
    {
        RunResult Reconstruct(Arm arm, double[] final) => HandBuiltStudy.Run("reconstruct", "mlp-reconstruction", arm.Id, 0, 0, 0) with
        {
            InitialLayerResiduals = [4.0, 8.0], FinalLayerResiduals = final,
        };
        var runs = new[] { Reconstruct(Arm.Oracle, [0.1, 0.2]), Reconstruct(Arm.ReconstructionRandom(0), [2.0, 5.0]) };

        var (final, baseline) = ReportFigureInputs.ReconstructionResiduals(runs);

        Assert.Equal(["Oracle", "Random A"], final.Select(s => s.Label));
        Assert.Equal([4.0, 8.0], baseline!.Values);
        Assert.Contains("θo", baseline.Label);
        Assert.Null(ReportFigureInputs.ReconstructionResiduals([runs[0] with { InitialLayerResiduals = null }]).Baseline);
    }

    [Fact]
    public void ThetaRsForgetQualityAgainstItselfIsOne()
    {
        Assert.Equal(0, ReportFigureInputs.GoldStandard(new TradeOffPoint(0.9, 0.8, double.NaN, 0.5)).Log10ForgetQuality);
        Assert.Equal(-0.1, ReportFigureInputs.GoldStandard(new TradeOffPoint(0.9, 0.8, -0.1, 0.5)).Log10ForgetQuality);
    }
}
