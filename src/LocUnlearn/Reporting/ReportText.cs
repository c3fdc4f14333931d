using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study;
using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Reporting;

/// <summary>report.md: the tables, a paragraph per experiment stating the finding with its numbers and p-values
/// (<see cref="ReportFindings"/>), the study's reference numbers beside ours, and the figures.</summary>
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
            .Paragraph(ReportFindings.OracleVsRandom(agg))
            .Table(table2, ResultTables.OracleVsRandomCaption(agg));
        if (figures.Files.TryGetValue("fs_rs", out var fsrs)) doc.Image("FS–RS trajectories, Oracle vs Random", fsrs);
        if (figures.Files.TryGetValue("fq_mu", out var fqmu)) doc.Image("log10 FQ – MU trajectories, Oracle vs Random", fqmu);

        doc.Heading(2, "(b) Localization methods vs Random")
            .Paragraph(ReportFindings.Localization(agg))
            .Table(table1, ResultTables.LocalizersVsRandomCaption(agg))
            .Table(localization, "How much of the true V_tgt each localizer's region contains (the study could not measure this).");
        if (figures.Files.TryGetValue("fs_rs_localizers", out var loc)) doc.Image("FS–RS trajectories of localized regions", loc);
        if (figures.Files.TryGetValue("regions", out var reg)) doc.Image("Value vectors per layer in V_tgt, V_rdm and localized regions", reg);

        doc.Heading(2, "(c) MLP-output reconstruction (the study's Figure 1)")
            .Paragraph(ReportFindings.Reconstruction(agg))
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
}
