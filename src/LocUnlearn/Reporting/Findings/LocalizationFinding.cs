using LocUnlearn.Localization;
using static LocUnlearn.Reporting.ReportFindings;

namespace LocUnlearn.Reporting;

/// <summary>How a localizer's region unlearns compared with Random, over the objectives (AUES, the trade-off itself).</summary>
internal enum VersusRandom { Better, Worse, Alike, Undetermined }

/// <summary>
/// Finding (b): per localizer, whether it finds V_tgt (recall against chance) and whether unlearning in its region beats
/// Random, and the study's rule applied to the pair: a localizer that finds V_tgt but unlearns like Random shows that
/// locality does not help; one that misses V_tgt shows only that localization failed.
/// </summary>
internal static class LocalizationFinding
{
    private static readonly string[] GradientBased = ["memflex", "wagle"];

    public static string Text(StudyAggregates agg, bool conclude)
    {
        if (agg.Localized.Count == 0 && agg.LocalizationQuality.Count == 0)
            return agg.Outcome.Config.Localization.Methods.Count == 0 ? "Experiment (b) is disabled in this config." : "No localization runs.";
        string random = agg.LocalizedRandomArm.Kind == Study.ArmKind.Localized
            ? "Random is the random localizer (a random top-p region of θo)"
            : "Random is Oracle-vs-Random's V_rdm";
        var sentences = new List<string>
        {
            $"Each localizer scores θo's value vectors and keeps the top p; unlearning is then confined to that region. {random}, paired by seed.",
        };
        foreach (var method in agg.Localized.Keys.Where(m => Study.Arm.Localized(m) != agg.LocalizedRandomArm))
            sentences.Add(Localizer(agg, method, conclude));
        var settings = agg.Outcome.Config.Localization.Settings;
        sentences.Add("Settings (localization.settings): " + string.Join("; ", agg.Localized.Keys
            .Where(m => Study.Arm.Localized(m) != agg.LocalizedRandomArm).Select(settings.Describe)) + ".");
        if (!agg.Outcome.Config.Inject.FreeKeys && agg.Localized.Keys.Any(m => GradientBased.Contains(m)))
            sentences.Add("MemFlex and WAGLE score value vectors by gradients through their keys; with inject.free_keys false θo learned the forget set " +
                          "in the value vectors alone, which these scores barely see (docs/localization.md), so their misses say more about the injection " +
                          "than about the methods.");
        return string.Join(" ", sentences);
    }

    private static string Localizer(StudyAggregates agg, string method, bool conclude)
    {
        string name = Localizers.DisplayName(method);
        var q = agg.LocalizationQuality.GetValueOrDefault(method);
        string found = q is null ? $"{name} (recall of V_tgt not recorded)"
            : $"{name} {Finds(q)}: recall of V_tgt {ResultTables.Ms(q.Recall)} (chance {F(q.ChanceRecall)}), precision {ResultTables.Ms(q.Precision)} " +
              $"(chance {F(q.ChancePrecision)})";
        var perObjective = agg.LocalizedVsRandom.GetValueOrDefault(method) ?? [];
        if (perObjective.Count == 0)
            return found + "; no unlearning run in its region completed.";
        string cells = string.Join(", ", agg.Objectives.Where(perObjective.ContainsKey).Select(o => Cell(o, perObjective[o])));
        string numbers = $"{found}. In its region vs Random: {cells}.";
        if (!conclude)
            return numbers;
        var versus = Versus(perObjective.Values.Select(m => m.GetValueOrDefault(MetricOf.Aues.Name)).OfType<PairedComparison>().ToList());
        return numbers + " " + Rule(name, q is not null && Ratio(q) >= 2, q is null, versus);
    }

    /// <summary>AUES verdicts over the objectives: better if some differ upwards and none downwards, etc.</summary>
    internal static VersusRandom Versus(IReadOnlyList<PairedComparison> aues)
    {
        var tested = aues.Where(c => c.Verdict is Verdict.Differs or Verdict.Equivalent or Verdict.Inconclusive).ToList();
        if (tested.Count == 0) return VersusRandom.Undetermined;
        bool up = tested.Any(c => c.Verdict == Verdict.Differs && c.MeanDelta > 0), down = tested.Any(c => c.Verdict == Verdict.Differs && c.MeanDelta < 0);
        if (down) return VersusRandom.Worse;
        if (up) return VersusRandom.Better;
        return tested.All(c => c.Verdict == Verdict.Equivalent) ? VersusRandom.Alike : VersusRandom.Undetermined;
    }

    internal static string Rule(string name, bool findsVTgt, bool unknownRecall, VersusRandom versus) => (unknownRecall, findsVTgt, versus) switch
    {
        (_, _, VersusRandom.Undetermined) => $"Whether {name}'s region unlearns better than Random cannot be told with these seeds " +
                                             "(no AUES comparison reaches the verdict differs or equivalent), so the rule " +
                                             "\"finds V_tgt but unlearns like Random ⇒ locality does not help\" cannot be applied.",
        (true, _, _) => $"{name} unlearns {Word(versus)} Random; without its recall of V_tgt the rule cannot be applied.",
        (false, true, VersusRandom.Alike) => $"{name} finds V_tgt yet unlearns like Random: here locality itself does not help.",
        (false, true, VersusRandom.Better) => $"{name} finds V_tgt and unlearns better than Random: here locality helps.",
        (false, true, VersusRandom.Worse) => $"{name} finds V_tgt yet unlearns worse than Random: confining the update to the knowledge hurts here.",
        (false, false, VersusRandom.Better) => $"{name} unlearns better than Random without finding V_tgt: the gain does not come from the true region.",
        _ => $"{name} does not find V_tgt and unlearns {Word(versus)} Random: localization failed, which says nothing about whether locality helps.",
    };

    private static string Word(VersusRandom v) => v switch
    {
        VersusRandom.Better => "better than",
        VersusRandom.Worse => "worse than",
        _ => "like",
    };

    private static string Cell(string objective, Dictionary<string, PairedComparison> metrics) =>
        $"{objective.ToUpperInvariant()} " + string.Join(" / ", MetricOf.Both.Where(m => metrics.ContainsKey(m.Name)).Select(m =>
        {
            var c = metrics[m.Name];
            return $"{m.Name.ToUpperInvariant()} {ResultTables.Ms(c.MeanA)} vs {ResultTables.Ms(c.MeanB)} ({c.Verdict.Text()}" +
                   (c.Verdict is Verdict.Differs or Verdict.Equivalent or Verdict.Inconclusive ? $", paired t p = {P(c.PPairedT)}" : "") + ")";
        }));

    private static double Ratio(LocalizationSummary q) => q.ChanceRecall > 0 ? q.Recall.Mean / q.ChanceRecall : double.PositiveInfinity;

    private static string Finds(LocalizationSummary q) => Ratio(q) switch
    {
        >= 2 => "finds V_tgt well above chance",
        > 1.2 => "finds V_tgt somewhat above chance",
        _ => "does not find V_tgt better than chance",
    };
}
