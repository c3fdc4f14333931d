using LocUnlearn.Evaluation;
using LocUnlearn.Reporting.Rendering.Plots;
using LocUnlearn.Study.Units;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>The PNG figures of the report (file names relative to results/, where report.md is), or why they could not be drawn.</summary>
public sealed record FigureSet(IReadOnlyDictionary<string, string> Files, string? Problem);

public static class ReportFigures
{
    /// <summary>The headline figure: AUES and MU95 of Oracle and Random per objective and seed, with means and 95% CIs.</summary>
    public const string OracleVsRandom = "oracle_vs_random.png";
    public const string ForgetRetain = "fs_rs_oracle_vs_random.png";
    public const string QualityUtility = "fq_mu_oracle_vs_random.png";
    public const string LocalizedForgetRetain = "fs_rs_localizers.png";
    public const string Reconstruction = "reconstruction.png";
    public const string ReconstructionResiduals = "reconstruction_residuals.png";
    public const string RegionLayers = "regions_per_layer.png";
    public const string Relearning = "relearning.png";
    public const string DoseResponse = "dose_response.png";

    /// <summary>Every figure a report can hold (a rerun removes those its config no longer produces).</summary>
    public static IReadOnlyList<string> AllFiles { get; } =
        [OracleVsRandom, ForgetRetain, QualityUtility, LocalizedForgetRetain, Reconstruction, ReconstructionResiduals, RegionLayers, Relearning, DoseResponse];

    public static FigureSet Save(StudyContext ctx, StudyOutcome outcome, string dir)
    {
        var files = new Dictionary<string, string>();
        try
        {
            SaveOracleVsRandom(outcome, dir, files);
            SaveLocalizers(outcome, dir, files);
            SaveReconstruction(outcome.Experiments, dir, files);
            SaveBeyondTheStudy(outcome, dir, files);
            if (ReportFigureInputs.RegionLayers(outcome) is var (seed, regions))
            {
                RegionLayerFigure.Save(Path.Combine(dir, RegionLayers), regions, $"Value vectors per layer (seed {seed})");
                files["regions"] = RegionLayers;
            }
            return new FigureSet(files, null);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("fonts", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Progress.Log($"warning: figures skipped: {e.Message}");
            return new FigureSet(files, e.Message);
        }
    }

    private static void SaveOracleVsRandom(StudyOutcome outcome, string dir, Dictionary<string, string> files)
    {
        var panels = ReportFigureInputs.OracleVsRandom(outcome);
        if (panels.Any(p => p.Objectives.Count > 0))
        {
            PairedArmsFigure.Save(Path.Combine(dir, OracleVsRandom), panels);
            files["oracle_vs_random"] = OracleVsRandom;
        }
        var results = outcome.Experiments;
        var order = outcome.Config.Unlearn.Objectives;
        var trajectories = Trajectories(results.Runs.Where(r => r.Kind == RunKind.Unlearn && (r.Region == Arm.Oracle || r.Region == Arm.Random)));
        if (trajectories.Count == 0)
            return;
        var anchors = order.Concat(trajectories.Select(t => t.Objective)).Distinct().ToDictionary(o => o, _ => Anchors(results));
        TrajectoryFigures.SaveForgetRetain(Path.Combine(dir, ForgetRetain), trajectories, anchors, order);
        files["fs_rs"] = ForgetRetain;
        TrajectoryFigures.SaveForgetQualityUtility(Path.Combine(dir, QualityUtility), trajectories, anchors, order);
        files["fq_mu"] = QualityUtility;
    }

    /// <summary>The localizers' runs beside the Oracle's, on the seeds localization ran on.</summary>
    private static void SaveLocalizers(StudyOutcome outcome, string dir, Dictionary<string, string> files)
    {
        var results = outcome.Experiments;
        var localizedSeeds = results.Localized.Select(l => l.Seed).ToHashSet();
        var localized = Trajectories(results.Runs.Where(r =>
            (r.Kind == RunKind.Localized || (r.Kind == RunKind.Unlearn && r.Region == Arm.Oracle)) && localizedSeeds.Contains(r.Seed)));
        if (results.Localized.Count == 0 || localized.Count == 0)
            return;
        // θo's point over the localization seeds only: those are the runs drawn.
        var anchors = new AnchorModels(MeanOf(results.ThetaO.Where(kv => localizedSeeds.Contains(kv.Key)).Select(kv => kv.Value).ToList()),
            ReportFigureInputs.GoldStandard(results.ThetaR));
        var order = outcome.Config.Unlearn.Objectives;
        TrajectoryFigures.SaveForgetRetain(Path.Combine(dir, LocalizedForgetRetain), localized,
            order.Concat(localized.Select(t => t.Objective)).Distinct().ToDictionary(o => o, _ => anchors), order);
        files["fs_rs_localizers"] = LocalizedForgetRetain;
    }

    private static void SaveReconstruction(ExperimentResults results, string dir, Dictionary<string, string> files)
    {
        var reconstruction = Trajectories(results.Runs.Where(r => r.Kind == RunKind.Reconstruct));
        if (reconstruction.Count > 0)
        {
            // The reconstruction runs start from one seed's θo: mark that one, not the mean over seeds.
            long seed = reconstruction[0].Seed;
            var anchor = results.ThetaO.TryGetValue(seed, out var start)
                ? new AnchorModels(start, ReportFigureInputs.GoldStandard(results.ThetaR))
                : Anchors(results);
            TrajectoryFigures.SaveReconstruction(Path.Combine(dir, Reconstruction), reconstruction, anchor);
            files["reconstruction"] = Reconstruction;
        }
        var (final, baseline) = ReportFigureInputs.ReconstructionResiduals(results.Runs);
        if (final.Count > 0)
        {
            LayerProfileFigure.Save(Path.Combine(dir, ReconstructionResiduals), final,
                "MLP-output residual per layer (lower = closer to θr)",
                "mean ‖MLP_l(θ) − MLP_l(θr)‖² per forget token", baseline);
            files["reconstruction_residuals"] = ReconstructionResiduals;
        }
    }

    private static AnchorModels Anchors(ExperimentResults results) =>
        new(MeanOf(results.ThetaO.Values.ToList()), ReportFigureInputs.GoldStandard(results.ThetaR));

    private static TradeOffPoint? MeanOf(IReadOnlyList<TradeOffPoint> points) => points.Count == 0
        ? null
        : new TradeOffPoint(points.Average(p => p.ForgetScore), points.Average(p => p.RetainScore),
            points.Average(p => p.Log10ForgetQuality), points.Average(p => p.ModelUtility));

    private static IReadOnlyList<RunTrajectory> Trajectories(IEnumerable<RunResult> runs) =>
        runs.Where(r => r.Ok && r.Trajectory.Count > 0 && r.Trajectory.All(c => double.IsFinite(c.Point.Log10ForgetQuality)))
            .Select(r => new RunTrajectory(r.Objective, r.Region, r.Seed, r.Trajectory))
            .ToList();

    /// <summary>Experiments (d) and (e), when they ran.</summary>
    private static void SaveBeyondTheStudy(StudyOutcome outcome, string dir, Dictionary<string, string> files)
    {
        var relearning = ReportFigureInputs.Relearning(outcome);
        if (outcome.Config.Relearn.Enabled && relearning.Any(p => p.Objectives.Count > 0))
        {
            PairedArmsFigure.Save(Path.Combine(dir, Relearning), relearning);
            files["relearning"] = Relearning;
        }
        var dose = ReportFigureInputs.DoseResponse(outcome);
        if (outcome.Config.DoseResponse.Enabled && dose.Any(s => s.Points.Any(p => p.Values.Count > 0)))
        {
            DoseResponseFigure.Save(Path.Combine(dir, DoseResponse), dose, new Dictionary<string, string>
            {
                ["aues"] = ReportFigureInputs.AuesLabel,
                ["mu95"] = ReportFigureInputs.Mu95Label,
                ["recovered_es"] = "held-out ES recovered by the attack (lower = durable)",
            });
            files["dose_response"] = DoseResponse;
        }
    }
}
