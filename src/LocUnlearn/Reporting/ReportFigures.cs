using LocUnlearn.Evaluation;
using LocUnlearn.Localization;
using LocUnlearn.Reporting.Rendering.Plots;
using LocUnlearn.Study.Units;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>The PNG figures of the report (file names relative to results/, where report.md is), or why they could not be drawn.</summary>
public sealed record FigureSet(IReadOnlyDictionary<string, string> Files, string? Problem);

public static class ReportFigures
{
    public const string ForgetRetain = "fs_rs_oracle_vs_random.png";
    public const string QualityUtility = "fq_mu_oracle_vs_random.png";
    public const string LocalizedForgetRetain = "fs_rs_localizers.png";
    public const string Reconstruction = "reconstruction.png";
    public const string ReconstructionResiduals = "reconstruction_residuals.png";
    public const string RegionLayers = "regions_per_layer.png";

    /// <summary>Every figure a report can hold (a rerun removes those its config no longer produces).</summary>
    public static IReadOnlyList<string> AllFiles { get; } =
        [ForgetRetain, QualityUtility, LocalizedForgetRetain, Reconstruction, ReconstructionResiduals, RegionLayers];

    public static FigureSet Save(StudyContext ctx, StudyOutcome outcome, string dir)
    {
        var files = new Dictionary<string, string>();
        try
        {
            var results = outcome.Experiments;
            var anchors = outcome.Config.Unlearn.Objectives.ToDictionary(o => o, _ => Anchors(results));
            var oracleRandom = Trajectories(results.Runs.Where(r => r.Kind == RunKind.Unlearn));
            if (oracleRandom.Count > 0)
            {
                TrajectoryFigures.SaveForgetRetain(Path.Combine(dir, ForgetRetain), oracleRandom, anchors);
                files["fs_rs"] = ForgetRetain;
                TrajectoryFigures.SaveForgetQualityUtility(Path.Combine(dir, QualityUtility), oracleRandom, anchors);
                files["fq_mu"] = QualityUtility;
            }
            var localizedSeeds = results.Localized.Select(l => l.Seed).ToHashSet();
            var localized = Trajectories(results.Runs.Where(r =>
                (r.Kind == RunKind.Localized || (r.Kind == RunKind.Unlearn && r.Region == Arm.Oracle)) && localizedSeeds.Contains(r.Seed)));
            if (results.Localized.Count > 0 && localized.Count > 0)
            {
                TrajectoryFigures.SaveForgetRetain(Path.Combine(dir, LocalizedForgetRetain), localized, anchors);
                files["fs_rs_localizers"] = LocalizedForgetRetain;
            }
            var reconstruction = Trajectories(results.Runs.Where(r => r.Kind == RunKind.Reconstruct));
            if (reconstruction.Count > 0)
            {
                // The reconstruction runs start from one seed's θo: mark that one, not the mean over seeds.
                long reconstructionSeed = reconstruction[0].Seed;
                var anchor = results.ThetaO.TryGetValue(reconstructionSeed, out var start) ? new AnchorModels(start, results.ThetaR) : Anchors(results);
                TrajectoryFigures.SaveReconstruction(Path.Combine(dir, Reconstruction), reconstruction, anchor);
                files["reconstruction"] = Reconstruction;
                var residuals = results.Runs.Where(r => r.Kind == RunKind.Reconstruct && r.FinalLayerResiduals is not null)
                    .Select(r => new LayerSeries(r.Region.Id, r.Region.DisplayName, r.FinalLayerResiduals!)).ToList();
                if (residuals.Count > 0)
                {
                    LayerProfileFigure.Save(Path.Combine(dir, ReconstructionResiduals), residuals,
                        "MLP-output residual per layer after reconstruction", "mean ‖MLP_l(θ) − MLP_l(θr)‖² per token");
                    files["reconstruction_residuals"] = ReconstructionResiduals;
                }
            }
            if (outcome.Seeds.Count > 0)
            {
                var first = outcome.Seeds[0];
                var regions = new List<RegionLayerCounts>
                {
                    new(RegionStyle.TargetSet, first.Target.PerLayerCounts), new(RegionStyle.RandomSet, first.Random.PerLayerCounts),
                };
                regions.AddRange(results.Localized.Where(l => l.Seed == first.Seed && l.Localized.Method != RandomLocalizer.MethodName)
                    .Select(l => new RegionLayerCounts(Arm.Localized(l.Localized.Method).Id, l.Localized.Region.PerLayerCounts)));
                RegionLayerFigure.Save(Path.Combine(dir, RegionLayers), regions, $"Value vectors per layer (seed {first.Seed})");
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

    private static AnchorModels Anchors(ExperimentResults results)
    {
        var thetaO = results.ThetaO.Values.ToList();
        TradeOffPoint? start = thetaO.Count == 0 ? null : new TradeOffPoint(thetaO.Average(p => p.ForgetScore),
            thetaO.Average(p => p.RetainScore), thetaO.Average(p => p.Log10ForgetQuality), thetaO.Average(p => p.ModelUtility));
        return new AnchorModels(start, results.ThetaR);
    }

    private static IReadOnlyList<RunTrajectory> Trajectories(IEnumerable<RunResult> runs) =>
        runs.Where(r => r.Ok && r.Trajectory.Count > 0 && r.Trajectory.All(c => double.IsFinite(c.Point.Log10ForgetQuality)))
            .Select(r => new RunTrajectory(r.Objective, r.Region, r.Seed, r.Trajectory))
            .ToList();
}
