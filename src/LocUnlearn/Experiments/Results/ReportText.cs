using LocUnlearn.Experiments.Reporting;
using LocUnlearn.Experiments.Reporting.Tables;

namespace LocUnlearn.Experiments.Results;

/// <summary>report.md (numbers print in the invariant culture: the build sets InvariantGlobalization): the tables, a paragraph per experiment stating the finding with its numbers and p-values,
/// the study's reference numbers beside ours, and the figures.</summary>
public static class ReportText
{
    public static MarkdownDocument Compose(StudyOutcome outcome, StudyAggregates agg, Table table2, Table table1, Table localization,
        FigureSet figures, string dir)
    {
        var c = outcome.Config;
        var doc = new MarkdownDocument(dir);
        doc.Heading(1, "Does localization inform unlearning? A controlled run")
            .Paragraph(($"Preset **{c.Preset}**, {outcome.Seeds.Count} seeds, objectives {string.Join(", ", c.Unlearn.Objectives.Select(o => o.ToUpperInvariant()))}, " +
                $"V_tgt = {c.Inject.Fraction:P0} of all value vectors ({outcome.Seeds.FirstOrDefault()?.Target.Count ?? 0} of {outcome.Seeds.FirstOrDefault()?.Target.Shape.Total ?? 0}). " +
                $"Wall time {outcome.WallSeconds:F0} s. Every number below comes from files in this run directory (config.json, manifest.json, seeds/*/*/result.json)."));

        doc.Heading(2, "Controlled setup (SPEC 4)")
            .Paragraph("θr never saw the forget set; θo learned it inside V_tgt only, so the true knowledge region is known by construction. " +
                       "Extraction Strength (ES) on the forget and retain sets:")
            .Table(ResultTables.ControlledSetup(agg));

        doc.Heading(2, "(a) Oracle vs Random")
            .Paragraph(OracleFinding(agg))
            .Table(table2, $"AUES and MU95, mean ± std over seeds; p-values: {PairedComparison.TestName}. " +
                           "The last column is the study's LLaMA-3.1-8B result (Random / Oracle / p).");
        if (figures.Files.TryGetValue("fs_rs", out var fsrs)) doc.Image("FS–RS trajectories, Oracle vs Random", fsrs);
        if (figures.Files.TryGetValue("fq_mu", out var fqmu)) doc.Image("log10 FQ – MU trajectories, Oracle vs Random", fqmu);

        doc.Heading(2, "(b) Localization methods vs Random")
            .Paragraph(LocalizationFinding(agg))
            .Table(table1, "AUES and MU95 of unlearning confined to each localizer's top-p region of θo (mean ± std over seeds), beside the study's averages.")
            .Table(localization, "How much of the true V_tgt each localizer's region contains (the study could not measure this).");
        if (figures.Files.TryGetValue("fs_rs_localizers", out var loc)) doc.Image("FS–RS trajectories of localized regions", loc);
        if (figures.Files.TryGetValue("regions", out var reg)) doc.Image("Value vectors per layer in V_tgt, V_rdm and localized regions", reg);

        doc.Heading(2, "(c) MLP-output reconstruction (the study's Figure 1)")
            .Paragraph(ReconstructionFinding(agg))
            .Table(ResultTables.Reconstruction(agg), "Final points of the reconstruction runs (seed " + (agg.Reconstruction.FirstOrDefault()?.Seed.ToString() ?? "–") + ").");
        if (figures.Files.TryGetValue("reconstruction", out var rec)) doc.Image("Reconstruction trajectories", rec);
        if (figures.Files.TryGetValue("reconstruction_residuals", out var res)) doc.Image("Per-layer residuals after reconstruction", res);

        doc.Heading(2, "The study's numbers")
            .Table(StudyReferenceNumbers.ObjectiveTable(), StudyReferenceNumbers.Source)
            .Table(StudyReferenceNumbers.LocalizerTable(), StudyReferenceNumbers.Source);
        if (figures.Problem is { } problem)
            doc.Paragraph($"**Figures were not drawn:** {problem}");
        if (agg.FailedRuns.Count > 0)
            doc.Heading(2, "Failed runs").Bullets(agg.FailedRuns.Select(r => $"{r.Objective}/{r.Region}/seed {r.Seed}: {r.Error}"));
        doc.Heading(2, "Definitions")
            .Bullets([
                "FS = 1 − ES on the forget set; RS = ES on the retain set (higher is better for both; ES in one teacher-forced pass, SPEC 9).",
                "AUES = area in [0,1]² dominated by a run's evaluated (FS, RS) points, θo included (reference (0,0)).",
                "MU95 = the best log10 forget quality among a run's points with model utility ≥ 0.95·MU(θo).",
                "Oracle = updates confined to V_tgt; Random = an equally large region drawn from V_tgt's complement (same data order, steps, hyper-parameters).",
            ]);
        return doc;
    }

    private static string OracleFinding(StudyAggregates agg)
    {
        var parts = new List<string>();
        int significant = 0, total = 0;
        foreach (var (objective, metrics) in agg.OracleVsRandom)
        {
            if (metrics.TryGetValue("aues", out var a) && metrics.TryGetValue("mu95", out var m))
            {
                parts.Add(($"{objective.ToUpperInvariant()}: AUES Oracle {a.MeanA.Mean:F3} vs Random {a.MeanB.Mean:F3} (p = {NumberFormat.PValue(a.PPermutation)}), " +
                            $"MU95 {m.MeanA.Mean:F2} vs {m.MeanB.Mean:F2} (p = {NumberFormat.PValue(m.PPermutation)})"));
                total += 2;
                significant += (a.PPermutation < 0.05 ? 1 : 0) + (m.PPermutation < 0.05 ? 1 : 0);
            }
        }
        if (total == 0) return "No completed Oracle/Random pairs.";
        string verdict = significant == 0
            ? "Confining unlearning to the true knowledge region is not significantly better than confining it to a random region of the same size for any objective, as in the study."
            : ($"{significant} of {total} Oracle-vs-Random comparisons differ at p < 0.05 (the study found none); with few seeds the exact permutation test cannot go below 2/2^n.");
        return verdict + " " + string.Join("; ", parts) + ".";
    }

    private static string LocalizationFinding(StudyAggregates agg)
    {
        if (agg.Localized.Count == 0) return "No localization runs.";
        var lines = agg.Localized.Select(kv =>
        {
            double aues = kv.Value.Count == 0 ? double.NaN : kv.Value.Values.Average(v => v.Aues.Mean);
            string recall = agg.LocalizationQuality.TryGetValue(kv.Key, out var q) ? ($", recall of V_tgt {q.Recall.Mean:F2} (chance {q.ChanceRecall:F2})") : "";
            return ($"{kv.Key}: mean AUES {aues:F3}{recall}");
        });
        return "Each localizer scores θo's value vectors and keeps the top p; unlearning is then confined to that region. " +
               string.Join("; ", lines) + ". A localizer that finds V_tgt (high recall) but does not unlearn better than Random " +
               "shows that locality itself does not help; one that misses V_tgt shows that localization failed.";
    }

    private static string ReconstructionFinding(StudyAggregates agg)
    {
        var oracle = agg.Reconstruction.FirstOrDefault(r => r.Region == "oracle");
        var randoms = agg.Reconstruction.Where(r => r.Region.StartsWith("random")).ToList();
        if (oracle?.Trajectory.LastOrDefault() is not { } o || randoms.Count == 0)
            return "No reconstruction runs.";
        var rs = randoms.Select(r => r.Trajectory.LastOrDefault()).Where(p => p is not null).ToList();
        return ($"Training only a region of θo to reproduce θr's MLP outputs on forget inputs: with the Oracle region the final point is FS {o.ForgetScore:F3}, RS {o.RetainScore:F3}, log10 FQ {o.Log10ForgetQuality:F2}; ") +
               ($"with the random regions FS {rs.Average(p => p!.ForgetScore):F3}, RS {rs.Average(p => p!.RetainScore):F3}, log10 FQ {rs.Average(p => p!.Log10ForgetQuality):F2} on average. ") +
               "If random regions get as close to θr as the Oracle, a region other than the true one can represent the same change, which is the study's Figure 1 argument.";
    }

}
