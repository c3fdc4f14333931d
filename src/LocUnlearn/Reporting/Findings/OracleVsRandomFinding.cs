using static LocUnlearn.Reporting.ReportFindings;

namespace LocUnlearn.Reporting;

/// <summary>
/// Finding (a): per objective and metric the direction of Oracle − Random, how many seeds agree in sign, the 95% CI, the
/// verdict, and whether it agrees with the study (which found no difference for any objective); degenerate comparisons
/// are named and left out of every count.
/// </summary>
internal static class OracleVsRandomFinding
{
    public static string Text(StudyAggregates agg, bool conclude)
    {
        var all = agg.OracleVsRandomComparisons().ToList();
        if (all.Count == 0) return "No completed Oracle/Random pairs.";
        int n = all.Max(c => c.Comparison.Seeds.Count);
        var parts = all.Select(x => Sentence(x.Objective, x.Metric, x.Comparison, conclude));
        return Counts(all, n, conclude) + Resolution(all, agg.Outcome.Config.Statistics.Alpha) + string.Join(" ", parts);
    }

    /// <summary>How large a difference these seeds could have detected, and how many seeds the study's would need.</summary>
    internal static string Resolution(IReadOnlyList<(string Objective, string Metric, PairedComparison Comparison)> all, double alpha)
    {
        var aues = all.Where(x => x.Metric == MetricOf.Aues.Name && double.IsFinite(x.Comparison.Mde80)).ToList();
        if (aues.Count == 0) return "";
        var needed = aues.Select(x => (x.Objective, Delta: StudyReferenceNumbers.Delta(x.Objective, x.Metric)))
            .Where(x => x.Delta is not null)
            .Select(x => (x.Objective, Seeds: aues.First(a => a.Objective == x.Objective).Comparison.SeedsNeeded(x.Delta!.Value, alpha), x.Delta))
            .ToList();
        string study = needed.Count == 0 ? "" : " Detecting the study's own AUES differences at this spread would take " +
            string.Join(", ", needed.Select(x =>
                $"{x.Seeds?.ToString() ?? "more than 1000"} seeds for {x.Objective.ToUpperInvariant()} (|Δ| {F(Math.Abs(x.Delta!.Value))})")) + ".";
        return $"Resolution: with these seeds and the spread observed, the paired t-test detects (80% power) AUES differences of at least " +
               $"{F(aues.Min(x => x.Comparison.Mde80))}–{F(aues.Max(x => x.Comparison.Mde80))} " +
               $"({string.Join(", ", aues.Select(x => $"{x.Objective.ToUpperInvariant()} {F(x.Comparison.Mde80)}"))}); " +
               $"smaller true differences would usually go unseen.{study} ";
    }

    private static string Counts(IReadOnlyList<(string Objective, string Metric, PairedComparison Comparison)> all, int n, bool conclude)
    {
        var tested = all.Where(x => !x.Comparison.Degenerate).ToList();
        int degenerate = all.Count - tested.Count;
        string Names(Verdict v) => string.Join(", ", tested
            .Where(x => x.Comparison.Verdict == v)
            .Select(x => $"{x.Objective.ToUpperInvariant()} {x.Metric.ToUpperInvariant()}"));
        int Count(Verdict v) => tested.Count(x => x.Comparison.Verdict == v);
        string power = n < 2
            ? "With one seed nothing can be tested. "
            : $"With n = {n} seeds the exact sign-flip test cannot go below p = {P(PairedComparison.SmallestExactP(n))}; the verdicts use the paired t-test " +
              "(differs) and the paired TOST against the equivalence margin (equivalent), so a large p alone is never read as \"alike\". " +
              Spaced(PairedComparison.BootstrapCaveat(n));
        string counts = tested.Count == 0
            ? $"All {all.Count} comparisons are degenerate. "
            : $"Of {Counted(tested.Count, "comparison")}{(degenerate > 0 ? $" ({degenerate} degenerate {(degenerate == 1 ? "one" : "ones")} left out)" : "")}: {Count(Verdict.Differs)} differ" +
              $"{(Count(Verdict.Differs) > 0 ? $" ({Names(Verdict.Differs)})" : "")}, {Count(Verdict.Equivalent)} are equivalent" +
              $"{(Count(Verdict.Equivalent) > 0 ? $" ({Names(Verdict.Equivalent)})" : "")}, {Count(Verdict.Inconclusive)} inconclusive" +
              (Count(Verdict.NotTested) > 0 ? $", {Count(Verdict.NotTested)} not tested" : "") + ". ";
        string study = !conclude || tested.Count == 0 ? ""
            : Count(Verdict.Differs) > 0 ? "The study found no difference for any objective: where a comparison here differs, this run disagrees with it. "
            : Count(Verdict.Equivalent) == tested.Count ? "This agrees with the study (no difference), and here equivalence is shown, not only assumed. "
            : "Nothing here contradicts the study's \"no difference\", but the inconclusive comparisons do not confirm it either. ";
        return conclude ? power + counts + study : power;
    }

    /// <summary>"1 comparison", "3 comparisons".</summary>
    private static string Counted(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Sentence(string objective, string metric, PairedComparison c, bool conclude)
    {
        string head = $"{objective.ToUpperInvariant()} {metric.ToUpperInvariant()}: Oracle {ResultTables.Ms(c.MeanA)} vs Random {ResultTables.Ms(c.MeanB)}";
        if (c.Degenerate)
            return head + $": θo only in {c.DegenerateRuns} of {2 * c.Seeds.Count} runs (no unlearned checkpoint kept 95% of θo's MU), so MU95 could not " +
                   "move and the comparison is degenerate: not tested, not counted.";
        if (c.Seeds.Count < 2)
            return head + $", Δ {Signed(c.MeanDelta)} on one seed: not tested.";
        string direction = c.MeanDelta == 0 ? "no difference on average"
            : $"Oracle {(c.MeanDelta > 0 ? "higher" : "lower")} in {c.SeedsAgreeingInSign} of {c.Seeds.Count} seeds";
        string stats = $", Δ = {Signed(c.MeanDelta)} [95% CI {F(c.Ci95.Low)}, {F(c.Ci95.High)}], {direction}; paired t p = {P(c.PPairedT)}, " +
                       $"TOST p = {P(c.PTost)} (margin ±{F(c.Margin)}), exact p = {P(c.PPermutation)}";
        return head + stats + (conclude ? ": " + Conclusion(objective, metric, c) : ".");
    }

    private static string Conclusion(string objective, string metric, PairedComparison c)
    {
        var study = StudyReferenceNumbers.ForObjective(objective);
        double? studyDelta = study is null ? null : metric == MetricOf.Aues.Name ? study.AuesOracle - study.AuesRandom : study.Mu95Oracle - study.Mu95Random;
        string scale = studyDelta is { } sd && sd != 0 ? $" (|Δ| {F(Math.Abs(c.MeanDelta) / Math.Abs(sd))}× the study's {F(Math.Abs(sd))})" : "";
        bool consistent = c.SeedsAgreeingInSign == c.Seeds.Count && c.Seeds.Count >= 3;
        return c.Verdict switch
        {
            Verdict.Differs => $"differs{scale}, unlike the study.",
            Verdict.Equivalent => $"equivalent within ±{F(c.Margin)}, as the study found.",
            _ when consistent => $"inconclusive, although every seed points the same way{scale}: a direction these {c.Seeds.Count} seeds cannot confirm.",
            _ => $"inconclusive{scale}: neither a difference nor equivalence is shown.",
        };
    }

    private static string Spaced(string text) => text.Length == 0 ? "" : text + " ";
}
