using LocUnlearn.Config;
using LocUnlearn.Study;
using static LocUnlearn.Reporting.ReportFindings;

namespace LocUnlearn.Reporting;

/// <summary>
/// Finding (c), the study's Figure 1: the random regions represent "the same change" as the Oracle region only when
/// they match it on the FS gain AND on RS and MU AND on the final MLP residual, within reconstruction.same_change;
/// otherwise the text says what differs, with the residual ratio.
/// </summary>
internal static class ReconstructionFinding
{
    public static string Text(StudyAggregates agg, bool conclude)
    {
        if (!agg.Outcome.Config.Reconstruction.Enabled)
            return "Experiment (c) is disabled in this config (reconstruction.enabled: false).";
        var oracle = agg.Reconstruction.FirstOrDefault(r => r.Region == Arm.Oracle && r.Ok && r.Trajectory.Count > 0);
        var randoms = agg.Reconstruction.Where(r => r.Region.Kind == ArmKind.ReconstructionRandom && r.Ok && r.Trajectory.Count > 0).ToList();
        if (oracle is null || randoms.Count == 0) return "No completed reconstruction runs (Oracle and at least one random region).";
        var o = oracle.Trajectory[^1].Point;
        double start = oracle.Trajectory[0].Point.ForgetScore;
        var finals = randoms.Select(r => r.Trajectory[^1].Point).ToList();
        var m = new Means(finals.Average(p => p.ForgetScore), finals.Average(p => p.RetainScore), finals.Average(p => p.ModelUtility),
            randoms.All(r => r.FinalLayerResiduals is not null) ? randoms.Average(r => r.FinalLayerResiduals!.Sum()) : double.NaN);
        double oracleResidual = oracle.FinalLayerResiduals?.Sum() ?? double.NaN;
        string each = string.Join(", ", randoms.Select(r =>
            $"{r.Region.DisplayName} FS {F(r.Trajectory[^1].Point.ForgetScore)}, RS {F(r.Trajectory[^1].Point.RetainScore)}, " +
            $"log10 FQ {F(r.Trajectory[^1].Point.Log10ForgetQuality)}"));
        string text = $"Training only a region of θo (seed {oracle.Seed}) to reproduce θr's MLP outputs on forget inputs, starting from FS {F(start)}: " +
                      $"the Oracle region ends at FS {F(o.ForgetScore)}, RS {F(o.RetainScore)}, log10 FQ {F(o.Log10ForgetQuality)}, MU {F(o.ModelUtility)}" +
                      $"{(double.IsNaN(oracleResidual) ? "" : $", summed residual {F(oracleResidual)}")}; " +
                      $"the random regions end at {each} (mean FS {F(m.Fs)}, " +
                      $"RS {F(m.Rs)}, MU {F(m.Mu)}{(double.IsNaN(m.Residual) ? "" : $", summed residual {F(m.Residual)}")}). ";
        return conclude ? text + Conclusion(agg.Outcome.Config.Reconstruction.SameChange, start, o, m, oracleResidual) : text;
    }

    internal sealed record Means(double Fs, double Rs, double Mu, double Residual);

    internal static string Conclusion(SameChangeTolerances t, double start, Evaluation.TradeOffPoint oracle, Means random, double oracleResidual)
    {
        double gain = oracle.ForgetScore - start;
        if (gain <= 0)
            return "The Oracle region did not raise FS above θo's, so these runs cannot tell the regions apart " +
                   "(θo left no room to forget, or the runs are too short).";
        double share = (random.Fs - start) / gain;
        double ratio = oracleResidual > 0 ? random.Residual / oracleResidual : double.NaN;
        var differs = new List<string>();
        if (share < t.FsGainShareMin) differs.Add($"they reach only {share * 100:F0}% of its FS gain (needs ≥ {t.FsGainShareMin * 100:F0}%)");
        if (Math.Abs(random.Rs - oracle.RetainScore) > t.RetainScoreTolerance)
            differs.Add($"they keep RS {F(random.Rs)} against its {F(oracle.RetainScore)} (tolerance {F(t.RetainScoreTolerance)})");
        if (Math.Abs(random.Mu - oracle.ModelUtility) > t.UtilityTolerance)
            differs.Add($"MU {F(random.Mu)} against {F(oracle.ModelUtility)} (tolerance {F(t.UtilityTolerance)})");
        if (double.IsFinite(ratio) && ratio > t.ResidualRatioMax)
            differs.Add($"their MLP outputs stay {F(ratio)}× as far from θr's (summed residual; at most {F(t.ResidualRatioMax)}× allowed)");
        if (differs.Count == 0)
            return $"The random regions reach {share * 100:F0}% of the Oracle region's FS gain and match it on RS, MU and the residual " +
                   $"({(double.IsFinite(ratio) ? $"ratio {F(ratio)}" : "not measured")}): " +
                   "regions other than the true one represent the same change, the study's Figure 1 argument.";
        return $"The random regions do not represent the same change as the true region: {string.Join("; ", differs)}" +
               (share >= t.FsGainShareMin ? $", although they reach {share * 100:F0}% of its FS gain" : "") + ".";
    }
}
