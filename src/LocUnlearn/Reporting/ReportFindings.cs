using LocUnlearn.Localization;
using LocUnlearn.Study;
using LocUnlearn.Reporting.Rendering.Plots;
using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Reporting;

/// <summary>
/// The finding of each experiment as report.md states it, with its numbers and p-values (numbers print in the
/// invariant culture: the build sets InvariantGlobalization).
/// </summary>
public static class ReportFindings
{
    /// <summary>(a): per objective both arms' AUES and MU95, the per-seed |Δ| and both p-values; what p the exact test can reach.</summary>
    public static string OracleVsRandom(StudyAggregates agg)
    {
        var parts = new List<string>();
        var all = new List<PairedComparison>();
        foreach (var (objective, metrics) in agg.OracleVsRandom)
        {
            if (!metrics.TryGetValue("aues", out var a) || !metrics.TryGetValue("mu95", out var m)) continue;
            parts.Add($"{objective.ToUpperInvariant()}: AUES {Arms(a)}; MU95 {Arms(m)}");
            all.Add(a);
            all.Add(m);
        }
        if (all.Count == 0) return "No completed Oracle/Random pairs.";
        int n = all.Max(c => c.Seeds.Count);
        double smallest = PairedComparison.SmallestExactP(n);
        int exact = all.Count(c => c.PPermutation < 0.05), welch = all.Count(c => c.PWelch < 0.05);
        string power = smallest >= 0.05
            ? $"With n = {n} seeds the exact paired sign-flip permutation test cannot give a two-sided p below 2/2^{n} = {P(smallest)}, so it cannot reach 0.05 whatever the effect: " +
              "here \"not significant\" is no evidence that Oracle and Random are alike; read |Δ| against the spread, and the Welch t p. "
            : $"With n = {n} seeds the smallest two-sided p the exact paired sign-flip permutation test can give is 2/2^{n} = {P(smallest)}. ";
        string verdict = $"{exact} of {all.Count} Oracle-vs-Random comparisons differ at p < 0.05 by the exact test and {welch} by Welch t " +
                         "(the study found none with 5 seeds). ";
        return power + verdict + string.Join(". ", parts) + ".";
    }

    /// <summary>(b): per localizer how much of V_tgt it finds against chance, and its AUES/MU95 against Random with p-values.</summary>
    public static string Localization(StudyAggregates agg)
    {
        if (agg.LocalizedVsRandom.Count == 0 && agg.LocalizationQuality.Count == 0) return "No localization runs.";
        string random = agg.LocalizedRandomArm.Kind == ArmKind.Localized
            ? "Random is the random localizer (a random top-p region of θo)"
            : "Random is Oracle-vs-Random's V_rdm";
        var sentences = new List<string>
        {
            $"Each localizer scores θo's value vectors and keeps the top p; unlearning is then confined to that region. {random}, paired by seed.",
        };
        foreach (var (method, perObjective) in agg.LocalizedVsRandom)
        {
            string name = Localizers.DisplayName(method);
            string found = agg.LocalizationQuality.TryGetValue(method, out var q)
                ? $"{name} {Finds(q)}: recall of V_tgt {ResultTables.Ms(q.Recall)} (chance {F(q.ChanceRecall)}), precision {ResultTables.Ms(q.Precision)} (chance {F(q.ChancePrecision)})"
                : $"{name} (recall of V_tgt not recorded)";
            if (perObjective.Count == 0)
            {
                sentences.Add(found + "; no unlearning run in its region completed.");
                continue;
            }
            int seeds = perObjective.Values.SelectMany(m => m.Values).Max(c => c.Seeds.Count);
            var aues = perObjective.Where(kv => kv.Value.ContainsKey("aues")).Select(kv => (kv.Key, C: kv.Value["aues"])).ToList();
            var mu95 = perObjective.Where(kv => kv.Value.ContainsKey("mu95")).Select(kv => (kv.Key, C: kv.Value["mu95"])).ToList();
            int higher = aues.Count(x => x.C.MeanA.Mean > x.C.MeanB.Mean);
            string tests = seeds < 2
                ? "one localization seed, so no test vs Random"
                : $"{aues.Concat(mu95).Count(x => x.C.PPermutation < 0.05)} of {aues.Count + mu95.Count} differences from Random at p < 0.05 " +
                  $"({PairedComparison.PermutationTest} test, {seeds} seeds)";
            sentences.Add($"{found}. In its region AUES is higher than Random's for {higher} of {aues.Count} objectives, {tests}: " +
                          $"AUES {Against(aues, seeds)}; MU95 {Against(mu95, seeds)}.");
        }
        sentences.Add("A localizer that finds V_tgt but does not unlearn better than Random shows that locality itself does not help; " +
                      "one that misses V_tgt shows that localization failed.");
        return string.Join(" ", sentences);
    }

    /// <summary>(c): the Oracle region's and each random region's final reconstruction point, and how much of the Oracle's forgetting the random regions reach.</summary>
    public static string Reconstruction(StudyAggregates agg)
    {
        var oracle = agg.Reconstruction.FirstOrDefault(r => r.Region == Arm.Oracle && r.Ok && r.Trajectory.Count > 0);
        var randoms = agg.Reconstruction.Where(r => r.Region.Kind == ArmKind.ReconstructionRandom && r.Ok && r.Trajectory.Count > 0).ToList();
        if (oracle is null || randoms.Count == 0) return "No completed reconstruction runs (Oracle and at least one random region).";
        var o = oracle.Trajectory[^1].Point;
        double start = oracle.Trajectory[0].Point.ForgetScore;
        double randomFs = randoms.Average(r => r.Trajectory[^1].Point.ForgetScore);
        string each = string.Join(", ", randoms.Select(r =>
            $"{r.Region.DisplayName} FS {F(r.Trajectory[^1].Point.ForgetScore)}, RS {F(r.Trajectory[^1].Point.RetainScore)}, log10 FQ {F(r.Trajectory[^1].Point.Log10ForgetQuality)}"));
        string text = $"Training only a region of θo (seed {oracle.Seed}) to reproduce θr's MLP outputs on forget inputs, starting from FS {F(start)}: " +
                      $"the Oracle region ends at FS {F(o.ForgetScore)}, RS {F(o.RetainScore)}, log10 FQ {F(o.Log10ForgetQuality)}, MU {F(o.ModelUtility)}; " +
                      $"the random regions end at {each} (mean FS {F(randomFs)}, log10 FQ {F(randoms.Average(r => r.Trajectory[^1].Point.Log10ForgetQuality))}). ";
        double gain = o.ForgetScore - start;
        if (gain <= 0)
            return text + "The Oracle region did not raise FS above θo's, so these runs cannot tell the regions apart (θo left no room to forget, or the runs are too short).";
        double share = (randomFs - start) / gain;
        string verdict = share >= 0.8 ? "so regions other than the true one represent nearly the same change, the study's Figure 1 argument"
            : share <= 0.5 ? "so here the true region represents the change much better than random regions, unlike the study's Figure 1"
            : "so random regions represent part of the change the true region does";
        return text + $"The random regions reach {share * 100:F0}% of the Oracle region's FS gain, {verdict}.";
    }

    private static string Arms(PairedComparison c) =>
        $"Oracle {ResultTables.Ms(c.MeanA)} vs Random {ResultTables.Ms(c.MeanB)}, per-seed |Δ| {ResultTables.Ms(c.AbsDelta)} " +
        $"(p = {P(c.PPermutation)} {PairedComparison.PermutationTest}, p = {P(c.PWelch)} {PairedComparison.WelchTest})";

    private static string Against(IReadOnlyList<(string Objective, PairedComparison C)> cells, int seeds) =>
        cells.Count == 0 ? "–" : string.Join(", ", cells.Select(x =>
            $"{x.Objective.ToUpperInvariant()} {ResultTables.Ms(x.C.MeanA)} vs {ResultTables.Ms(x.C.MeanB)}" +
            (seeds < 2 ? "" : $" (p = {P(x.C.PPermutation)})")));

    private static string Finds(LocalizationSummary q)
    {
        double ratio = q.ChanceRecall > 0 ? q.Recall.Mean / q.ChanceRecall : double.PositiveInfinity;
        return ratio >= 2 ? "finds V_tgt well above chance" : ratio > 1.2 ? "finds V_tgt somewhat above chance" : "does not find V_tgt better than chance";
    }

    private static string F(double v) => NumberFormat.Significant(v);

    private static string P(double p) => double.IsNaN(p) ? "n/a" : NumberFormat.PValue(p);
}
