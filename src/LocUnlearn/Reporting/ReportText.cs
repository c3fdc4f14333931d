using LocUnlearn.Reporting.Rendering;
using LocUnlearn.Reporting.Rendering.Tables;

namespace LocUnlearn.Reporting;

/// <summary>report.md: a banner when the controlled setup failed, the setup with its checks, a paragraph per experiment
/// stating what its numbers support (<see cref="ReportFindings"/>), the tables, the study's numbers beside ours, and the
/// figures.</summary>
public static class ReportText
{
    public static MarkdownDocument Compose(StudyOutcome outcome, StudyAggregates agg, Table table2, Table table1, Table localization,
        FigureSet figures, string dir)
    {
        var c = outcome.Config;
        var doc = new MarkdownDocument(dir);
        doc.Heading(1, "Does localization inform unlearning? A controlled run");
        if (ReportFindings.SetupBanner(agg) is { } banner)
            doc.Paragraph("> " + banner);
        doc.Paragraph($"Preset **{c.Preset}**, {outcome.Seeds.Count} seeds, " +
                      $"objectives {string.Join(", ", c.Unlearn.Objectives.Select(o => o.ToUpperInvariant()))}, " +
                      $"V_tgt = {c.Inject.Fraction:P0} of all value vectors ({outcome.Seeds.FirstOrDefault()?.Target.Count ?? 0} of " +
                      $"{outcome.Seeds.FirstOrDefault()?.Target.Shape.Total ?? 0}), {ForgetItems(outcome)}. Compute time {outcome.WallSeconds:F0} s " +
                      "(the stages' and runs' recorded times, as manifest.json sums them). Every number below comes from files in this run directory " +
                      "(config.json, manifest.json, stages/*/record.json, seeds/*/*/result.json).");
        Setup(doc, agg);
        Experiments(doc, agg, table2, table1, localization, figures);
        doc.Heading(2, "The study's numbers")
            .Paragraph(StudyComparability(outcome, agg))
            .Table(ResultTables.StudyScale(outcome, agg), "What MU95 depends on, here and in the study: the forget-set size and θo's log10 FQ.")
            .Table(StudyReferenceNumbers.ObjectiveTable(), StudyReferenceNumbers.Source)
            .Table(StudyReferenceNumbers.LocalizerTable(), StudyReferenceNumbers.Source);
        if (figures.Problem is { } problem)
            doc.Paragraph($"**Figures were not drawn:** {problem}");
        if (agg.FailedRuns.Count > 0)
            doc.Heading(2, "Failed runs").Bullets(agg.FailedRuns.Select(r => $"{r.Objective}/{r.Region.DisplayName}/seed {r.Seed}: {r.Error}"));
        Definitions(doc);
        return doc;
    }

    private static void Setup(MarkdownDocument doc, StudyAggregates agg)
    {
        doc.Heading(2, "Controlled setup (SPEC 4)")
            .Paragraph(ThetaROrigin(agg.Outcome.Retain.Given) + "θo learned the forget set inside V_tgt only, so the true knowledge region is known by " +
                       "construction. Extraction Strength (ES) on the forget and retain sets, model utility (MU) and log10 forget quality against θr, " +
                       "mean over seeds:")
            .Table(ResultTables.ControlledSetup(agg))
            .Paragraph(agg.SetupFailed
                ? "Checks (config `checks.*`, SPEC 4.4); **at least one failed**, so the findings below are withheld:"
                : "Checks (config `checks.*`, SPEC 4.4); a check that could not be made is listed as not checked, never as passed:")
            .Table(ResultTables.SetupChecks(agg));
    }

    /// <summary>Where θr came from: trained here on the retain split, or given, in which case that it never saw the forget
    /// set is its maker's claim, which the forget ES check tests.</summary>
    private static string ThetaROrigin(LocUnlearn.Study.Stages.GivenModel? given) => given is null
        ? "θr was fine-tuned here on the retain split and never saw the forget set; "
        : $"**θr was given** (`--retain-model` {given.Path}, weights SHA-256 {given.WeightsSha256[..16]}…), not trained here: that it never saw " +
          "the forget set is its maker's claim, which θr's forget ES check below tests; ";

    private static void Experiments(MarkdownDocument doc, StudyAggregates agg, Table table2, Table table1, Table localization, FigureSet figures)
    {
        doc.Heading(2, "(a) Oracle vs Random")
            .Paragraph(ReportFindings.OracleVsRandom(agg))
            .Table(table2, ResultTables.OracleVsRandomCaption(agg));
        Image(doc, figures, "oracle_vs_random", "AUES and MU95 per objective, Oracle vs Random: every seed, paired, with the mean and its 95% CI");
        Image(doc, figures, "fs_rs", "FS–RS trajectories, Oracle vs Random");
        Image(doc, figures, "fq_mu", "log10 FQ – MU trajectories, Oracle vs Random");

        doc.Heading(2, "(b) Localization methods vs Random").Paragraph(ReportFindings.Localization(agg));
        if (agg.Outcome.Config.Localization.Methods.Count > 0)
            doc.Table(table1, ResultTables.LocalizersVsRandomCaption(agg))
                .Table(localization, "How much of the true V_tgt each localizer's region contains (the study could not measure this).");
        Image(doc, figures, "fs_rs_localizers", "FS–RS trajectories of localized regions");
        Image(doc, figures, "regions", "Value vectors per layer in V_tgt, V_rdm and localized regions");

        doc.Heading(2, "(c) MLP-output reconstruction (the study's Figure 1)").Paragraph(ReportFindings.Reconstruction(agg));
        if (agg.Reconstruction.Count > 0)
            doc.Table(ResultTables.Reconstruction(agg), $"Final points of the reconstruction runs (seed {agg.Reconstruction[0].Seed}).");
        Image(doc, figures, "reconstruction", "Reconstruction trajectories");
        Image(doc, figures, "reconstruction_residuals", "Per-layer residuals after reconstruction, θo's as the baseline");

        doc.Heading(2, "(d) Relearning: is the knowledge gone?").Paragraph(ReportFindings.Relearning(agg));
        if (agg.Relearning.Count > 0)
            doc.Table(BeyondTheStudyTables.Relearning(agg),
                "Held-out forget ES before and after the attack, mean ± std over seeds; the recovered fraction is " +
                "(after − before) / (θo's − before); Oracle − Random compared as in table2 (paired t, TOST, bootstrap CI)." +
                RelearningCaveat(agg));
        Image(doc, figures, "relearning", "The relearning attack per objective: Oracle vs Random, every seed");

        doc.Heading(2, "(e) Dose-response: how precise must a localizer be?").Paragraph(ReportFindings.DoseResponse(agg));
        if (agg.DoseResponse.Count > 0)
            doc.Table(BeyondTheStudyTables.DoseResponse(agg), "Mean over seeds with the 95% Student t interval at each overlap q with V_tgt.");
        Image(doc, figures, "dose_response", "AUES (and the ES an attack recovers) against the overlap with V_tgt");
    }

    /// <summary>Our forget set and θo's log10 FQ beside the study's, so a reader sees when MU95 scales are not comparable.</summary>
    internal static string StudyComparability(StudyOutcome outcome, StudyAggregates agg)
    {
        string fq = agg.ThetaO.Log10ForgetQuality is { } f ? NumberFormat.Significant(f.Mean) : "not measured";
        string bound = NumberFormat.Significant(StudyReferenceNumbers.ThetaOLog10FqBound);
        bool comparable = outcome.ForgetItems == StudyReferenceNumbers.ForgetItems && agg.ThetaO.Log10ForgetQuality is { } g
                          && g.Mean <= StudyReferenceNumbers.ThetaOLog10FqBound + 5;
        return $"The study unlearned TOFU {StudyReferenceNumbers.ForgetSplit} ({StudyReferenceNumbers.ForgetItems} items) " +
               "from LLaMA-3.1-8B-Instruct, whose θo " +
               $"sits at log10 FQ ≤ {bound}; this run unlearned {ForgetItems(outcome)} from a θo at log10 FQ {fq}. MU95 is a log10 p-value " +
               "whose range grows with the forget-set size and starts at θo's FQ, so MU95 values are comparable only between runs of similar " +
               "forget sets and θo's; AUES lies in [0, 1] either way. " +
               (comparable
                   ? "Here both are of the study's scale."
                   : "**Here they differ: compare this run's MU95 with the study's only in sign and order, not in value.**");
    }

    private static string ForgetItems(StudyOutcome outcome) => $"{outcome.Config.Data.ForgetSplit} ({outcome.ForgetItems} forget items)";

    private static void Image(MarkdownDocument doc, FigureSet figures, string key, string caption)
    {
        if (figures.Files.TryGetValue(key, out var file)) doc.Image(caption, file);
    }

    private static void Definitions(MarkdownDocument doc) =>
        doc.Heading(2, "Definitions")
            .Bullets([
                "FS = 1 − ES on the forget set; RS = ES on the retain set (higher is better for both; ES in one teacher-forced pass, SPEC 9).",
                "AUES = area in [0,1]² dominated by a run's evaluated (FS, RS) points, θo included (reference (0,0)).",
                "MU95 = the best log10 forget quality among a run's points with model utility ≥ 0.95·MU(θo); when no unlearned checkpoint keeps " +
                "that utility it is θo's own and the comparison is degenerate (\"θo only\").",
                "Oracle = updates confined to V_tgt; Random = an equally large region drawn from V_tgt's complement " +
                "(same data order, steps, hyper-parameters).",
                "Verdicts: differs = paired t-test p < α; equivalent = paired TOST p < α against the metric's margin; otherwise inconclusive (SPEC 10).",
            ]);

    private static string RelearningCaveat(StudyAggregates agg)
    {
        var seeds = agg.RelearningOracleVsRandom.Values.SelectMany(m => m.Values).Select(c => c.Seeds.Count).ToList();
        return seeds.Count == 0 ? "" : (" " + PairedComparison.BootstrapCaveat(seeds.Min())).TrimEnd();
    }
}
