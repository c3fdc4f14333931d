using static LocUnlearn.Reporting.ReportFindings;

namespace LocUnlearn.Reporting;

/// <summary>
/// Findings (d) and (e) (SPEC 12): is unlearning inside the true region harder to undo, and how precise must a localizer
/// be before locality pays off. Every concluding sentence is chosen from the numbers.
/// </summary>
internal static class BeyondTheStudyFindings
{
    public static string Relearning(StudyAggregates agg, bool conclude)
    {
        var c = agg.Outcome.Config;
        if (!c.Relearn.Enabled)
            return "Experiment (d) is disabled in this config (relearn.enabled: false).";
        if (agg.Relearning.Count == 0 || agg.Relearning.All(kv => kv.Value.Count == 0))
            return "No relearning attack has finished.";
        var t = c.Relearn.Training;
        var parts = new List<string>
        {
            $"Each final Oracle and Random model is fine-tuned with all parameters on half of every forget author's items ({t.Steps} steps, batch " +
            $"{t.BatchSize}, learning rate {F(t.LearningRate)}), and the other half's ES is measured before and after.",
        };
        if (agg.RelearnReferences is { } r)
            parts.Add($"The same attack takes θr, which never saw the forget set, from held-out ES {F(r.ThetaRBefore.Mean)} to {F(r.ThetaRAfter.Mean)} " +
                      $"(what it teaches by itself); θo's held-out ES is {F(r.ThetaO.Mean)}." + (conclude ? " " + AttackStrength(r) : ""));
        foreach (var (objective, arms) in agg.Relearning.Where(kv => kv.Value.Count > 0))
            parts.Add(Objective(agg, objective, arms, conclude));
        return string.Join(" ", parts);
    }

    /// <summary>An attack that teaches θr as much as it recovers measures learning, not recovery.</summary>
    private static string AttackStrength(RelearnReferences r)
    {
        double room = r.ThetaO.Mean - r.ThetaRBefore.Mean, taught = r.ThetaRAfter.Mean - r.ThetaRBefore.Mean;
        return room <= 0 ? "θo does not know the held-out half better than θr, so nothing can be recovered."
            : taught >= 0.5 * room ? $"The attack alone teaches θr {taught / room * 100:F0}% of the way to θo: it learns more than it recovers, so " +
                                     "recovery here does not show surviving knowledge (shorten relearn.training)."
            : $"The attack alone brings θr {taught / room * 100:F0}% of the way to θo, so what it brings back beyond that was not truly removed.";
    }

    private static string Objective(StudyAggregates agg, string objective, Dictionary<string, RelearnArm> arms, bool conclude)
    {
        string Arm(string id) => arms.TryGetValue(id, out var a)
            ? $"{Study.Arm.Parse(id).DisplayName} {F(a.BeforeEs.Mean)} → {F(a.AfterEs.Mean)}" +
              (a.RecoveredFraction is { } f ? $" (recovered {F(f.Mean)} of θo's)" : "")
            : $"{Study.Arm.Parse(id).DisplayName} –";
        string text = $"{objective.ToUpperInvariant()}: held-out ES {Arm(Study.Arm.Oracle.Id)}, {Arm(Study.Arm.Random.Id)}";
        if (agg.RelearningOracleVsRandom.GetValueOrDefault(objective)?.GetValueOrDefault("recovered_fraction") is not { } c)
            return text + ".";
        text += $"; Oracle − Random recovered {Signed(c.MeanDelta)}"
            + (c.Seeds.Count >= 2 ? $" [95% CI {F(c.Ci95.Low)}, {F(c.Ci95.High)}], paired t p = {P(c.PPairedT)}" : " (one seed)");
        double floor = agg.Outcome.Config.Relearn.MinRecoveredFraction;
        if (conclude && BeyondTheStudy.AttackRecoversNothing(arms, floor))
            return text + $": the attack brought back less than {F(floor)} of θo's held-out ES in both arms, so it cannot show whether " +
                   "the region makes unlearning more durable (a floor, not an equivalence; a stronger attack would be needed).";
        if (!conclude || c.Seeds.Count < 2)
            return text + ".";
        return text + ": " + c.Verdict switch
        {
            Verdict.Differs when c.MeanDelta < 0 => "unlearning inside the true region is harder to undo here.",
            Verdict.Differs => "unlearning inside the true region is easier to undo here.",
            Verdict.Equivalent => $"both regions are equally easy to undo (within ±{F(c.Margin)}).",
            _ => "these seeds cannot tell whether the region makes unlearning more durable.",
        };
    }

    public static string DoseResponse(StudyAggregates agg, bool conclude)
    {
        var c = agg.Outcome.Config;
        if (!c.DoseResponse.Enabled)
            return "Experiment (e) is disabled in this config (dose_response.enabled: false).";
        if (agg.DoseTrends.Count == 0)
            return "No dose-response run has finished.";
        var parts = new List<string>
        {
            $"Regions as large as V_tgt holding a fraction q of it (q = {string.Join(", ", c.DoseResponse.Overlaps.Order().Select(F))}; nested, so " +
            "each adds V_tgt vectors in place of random ones; q = 0 is Random's region and 1 the Oracle's). The trend is the per-seed " +
            "least-squares slope against q, averaged over seeds, with a t-test of the slopes against 0.",
        };
        foreach (var trend in agg.DoseTrends.Where(t => t.Metric != MetricOf.Mu95.Name))
            parts.Add(Trend(agg, trend, conclude));
        return string.Join(" ", parts);
    }

    private static string Trend(StudyAggregates agg, DoseTrend t, bool conclude)
    {
        var points = agg.DoseResponse.Where(p => p.Objective == t.Objective).OrderBy(p => p.Overlap).ToList();
        Evaluation.Statistics.ConfidenceInterval? At(DosePoint p) => t.Metric == MetricOf.Aues.Name ? p.Aues : p.RecoveredEs;
        string range = points.Count == 0 ? "" : $" (mean {F(At(points[0])?.Mean ?? double.NaN)} at q = {F(points[0].Overlap)}, " +
                                                $"{F(At(points[^1])?.Mean ?? double.NaN)} at q = {F(points[^1].Overlap)})";
        string name = t.Metric == MetricOf.Aues.Name ? "AUES" : "the ES the attack recovers";
        string text = $"{t.Objective.ToUpperInvariant()}: {name} changes by {Signed(t.Slope.Mean)} per unit of overlap" +
                      (t.Slope.HasBounds ? $" [95% CI {F(t.Slope.Low)}, {F(t.Slope.High)}], p = {P(t.P)}" : " (one seed)") + range;
        if (!conclude || !t.Slope.HasBounds)
            return text + ".";
        bool significant = t.P < agg.Outcome.Config.Statistics.Alpha;
        string verdict = (t.Metric, significant, t.Slope.Mean > 0) switch
        {
            ("aues", true, true) => "precision pays off: the more of V_tgt a region holds, the better it unlearns.",
            ("aues", true, false) => "the more of V_tgt a region holds, the worse it unlearns.",
            ("recovered_es", true, false) => "the more of V_tgt the update touched, the less an attack brings back.",
            ("recovered_es", true, true) => "the more of V_tgt the update touched, the more an attack brings back.",
            _ => "no trend these seeds can show; the CI bounds how steep one could be.",
        };
        return text + ": " + verdict;
    }
}
