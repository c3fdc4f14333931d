using LocUnlearn.Config;
using LocUnlearn.Evaluation;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Reporting;

/// <summary>
/// One requirement of the controlled setup (SPEC 4.4) as a run met it: <see cref="Value"/> <see cref="Rule"/>
/// <see cref="Threshold"/>. <see cref="Pass"/> is null when the check could not be made (<see cref="Skipped"/> says
/// why): a skipped check never counts as passed.
/// </summary>
public sealed record SetupCheck(string Name, long? Seed, double Value, string Rule, double Threshold, bool? Pass, string? Skipped = null)
{
    public static SetupCheck AtLeast(string name, long? seed, double value, double threshold) =>
        Made(name, seed, value, ">=", threshold, value >= threshold);

    public static SetupCheck AtMost(string name, long? seed, double value, double threshold) =>
        Made(name, seed, value, "<=", threshold, value <= threshold);

    public static SetupCheck NotMade(string name, long? seed, string rule, double threshold, string reason) =>
        new(name, seed, double.NaN, rule, threshold, null, reason);

    private static SetupCheck Made(string name, long? seed, double value, string rule, double threshold, bool pass) =>
        double.IsNaN(value) ? NotMade(name, seed, rule, threshold, "not measured") : new(name, seed, value, rule, threshold, pass);
}

/// <summary>
/// The controlled setup's checks (SPEC 4.4, config checks.*), made from what the run recorded: θr's stage record and
/// evaluation, each seed's θo record and evaluation, and the full-parameter reference's record where it ran.
/// </summary>
public static class ControlledSetupChecks
{
    public static IReadOnlyList<SetupCheck> Of(StudyOutcome outcome)
    {
        var c = outcome.Config.Checks;
        var thetaR = outcome.Experiments.ThetaR;
        double rRetain = Metric(outcome.Retain, StageMetrics.RetainEs);
        var checks = new List<SetupCheck>
        {
            SetupCheck.AtLeast("theta_r.retain_es", null, rRetain, c.ThetaRRetainEsMin),
            SetupCheck.AtMost("theta_r.forget_es", null, Metric(outcome.Retain, StageMetrics.ForgetEs), c.ThetaRForgetEsMax),
        };
        var fullForget = outcome.Seeds.Where(s => s.InjectFull is not null).Select(s => Metric(s.InjectFull!, StageMetrics.ForgetEs)).ToList();
        foreach (var seed in outcome.Seeds)
            checks.AddRange(ThetaO(c, seed, outcome.Experiments.ThetaO.GetValueOrDefault(seed.Seed), thetaR, rRetain, fullForget, outcome.Config));
        if (outcome.Seeds.Count > 0 && fullForget.Count == 0)
            checks.Add(SetupCheck.NotMade("theta_o_full.retain_es_vs_theta_r", null, "<=", c.RetainEsTolerance, SkipReason(outcome.Config)));
        foreach (var seed in outcome.Seeds.Where(s => s.InjectFull is not null))
            checks.AddRange(Full(c, seed, thetaR, rRetain));
        return checks;
    }

    /// <summary>True when a check was made and failed (a skipped check neither passes nor fails).</summary>
    public static bool AnyFailed(IEnumerable<SetupCheck> checks) => checks.Any(k => k.Pass == false);

    private static IEnumerable<SetupCheck> ThetaO(ChecksConfig c, SeedSetup seed, TradeOffPoint? point, TradeOffPoint thetaR, double rRetain,
        IReadOnlyList<double> fullForget, ExperimentConfig config)
    {
        long s = seed.Seed;
        double forget = Metric(seed.Inject, StageMetrics.ForgetEs);
        yield return SetupCheck.AtLeast("theta_o.forget_es", s, forget, c.ThetaOForgetEsMin);
        double? full = seed.InjectFull is { } own ? Metric(own, StageMetrics.ForgetEs) : fullForget.Count > 0 ? fullForget.Average() : null;
        yield return full is { } f
            ? SetupCheck.AtLeast("theta_o.forget_es_minus_full", s, forget - f, -c.FullReferenceForgetEsMargin)
            : SetupCheck.NotMade("theta_o.forget_es_minus_full", s, ">=", -c.FullReferenceForgetEsMargin, SkipReason(config));
        yield return SetupCheck.AtMost("theta_o.retain_es_vs_theta_r", s, Math.Abs(Metric(seed.Inject, StageMetrics.RetainEs) - rRetain), c.RetainEsTolerance);
        yield return SetupCheck.AtLeast("theta_o.mu_vs_theta_r", s, (point?.ModelUtility ?? double.NaN) / thetaR.ModelUtility, c.UtilityRatioMin);
        yield return SetupCheck.AtMost("theta_o.log10_fq", s, point?.Log10ForgetQuality ?? double.NaN, c.ThetaOLog10FqMax);
    }

    private static IEnumerable<SetupCheck> Full(ChecksConfig c, SeedSetup seed, TradeOffPoint thetaR, double rRetain)
    {
        var record = seed.InjectFull!;
        yield return SetupCheck.AtMost("theta_o_full.retain_es_vs_theta_r", seed.Seed, Math.Abs(Metric(record, StageMetrics.RetainEs) - rRetain),
            c.RetainEsTolerance);
        yield return SetupCheck.AtLeast("theta_o_full.mu_vs_theta_r", seed.Seed, Metric(record, StageMetrics.ModelUtility) / thetaR.ModelUtility,
            c.UtilityRatioMin);
    }

    private static string SkipReason(ExperimentConfig config) => config.Inject.FullReference
        ? "no full-parameter reference has finished"
        : "the full-parameter reference is off in this config (inject.full_reference: false)";

    private static double Metric(StageRecord record, string key) => record.Metrics.TryGetValue(key, out var v) ? v : double.NaN;
}
