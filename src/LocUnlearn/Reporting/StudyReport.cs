using LocUnlearn.Common;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>
/// results/: table2 (Oracle vs Random), table1 (localizers vs Random), localization (recall/precision of V_tgt), each as
/// Markdown and CSV, per_seed.csv, trajectories.jsonl, PNG figures and report.md; summary.json is written last, after
/// the manifest. What an earlier report wrote and this config no longer produces is removed, so results/ never mixes two
/// configs; files the tool does not write are left alone.
/// </summary>
public static class StudyReport
{
    public const string PerSeedFile = "per_seed.csv";
    public const string SummaryFile = "summary.json";
    public const string ReportFile = "report.md";

    private static readonly string[] TableNames = ["table2", "table1", "localization", "relearning", "dose_response"];

    public static void Write(StudyContext ctx, StudyOutcome outcome)
    {
        string dir = outcome.Layout.ResultsDir;
        Directory.CreateDirectory(dir);
        var agg = new StudyAggregates(outcome);
        var written = new List<string> { "trajectories.jsonl", PerSeedFile, ReportFile, SummaryFile };
        AtomicFile.WriteAllText(Path.Combine(dir, "trajectories.jsonl"), string.Concat(outcome.Experiments.Runs.Select(r => Trajectory(outcome.Layout, r))));
        CsvTableWriter.Save(Path.Combine(dir, PerSeedFile), ResultCsv.PerSeed(agg));
        var table2 = ResultTables.OracleVsRandom(agg);
        var table1 = ResultTables.LocalizersVsRandom(agg);
        var localization = ResultTables.LocalizationQualityTable(agg);
        TableFiles.Save(Path.Combine(dir, "table2"), table2, ResultCsv.OracleVsRandom(agg), ResultTables.OracleVsRandomCaption(agg));
        written.AddRange(["table2.md", "table2.csv"]);
        if (outcome.Config.Localization.Methods.Count > 0)
        {
            TableFiles.Save(Path.Combine(dir, "table1"), table1, ResultCsv.LocalizersVsRandom(agg), ResultTables.LocalizersVsRandomCaption(agg));
            TableFiles.Save(Path.Combine(dir, "localization"), localization, ResultCsv.LocalizationQuality(agg));
            written.AddRange(["table1.md", "table1.csv", "localization.md", "localization.csv"]);
        }
        if (outcome.Config.Relearn.Enabled)
        {
            TableFiles.Save(Path.Combine(dir, "relearning"), BeyondTheStudyTables.Relearning(agg), BeyondTheStudyTables.RelearningCsv(agg));
            written.AddRange(["relearning.md", "relearning.csv"]);
        }
        if (outcome.Config.DoseResponse.Enabled)
        {
            TableFiles.Save(Path.Combine(dir, "dose_response"), BeyondTheStudyTables.DoseResponse(agg), BeyondTheStudyTables.DoseResponseCsv(agg));
            written.AddRange(["dose_response.md", "dose_response.csv"]);
        }
        var figures = ReportFigures.Save(ctx, outcome, dir);
        written.AddRange(figures.Files.Values);
        ReportText.Compose(outcome, agg, table2, table1, localization, figures, dir).Save(ReportFile);
        RemoveStale(dir, written, ctx);
    }

    public static void WriteSummary(StudyContext ctx, StudyOutcome outcome) =>
        AtomicFile.WriteAllText(Path.Combine(outcome.Layout.ResultsDir, SummaryFile),
            SummaryJson.Build(outcome, new StudyAggregates(outcome)).ToJsonString(new() { WriteIndented = true }));

    public static string RunDir(RunLayout layout, RunResult r) => r.Kind == RunKind.Reconstruct
        ? layout.Reconstruct(r.Seed, r.Region)
        : layout.Unlearn(r.Seed, r.Objective, r.Region);

    private static string Trajectory(RunLayout layout, RunResult r)
    {
        string path = Path.Combine(RunDir(layout, r), RunStore.TrajectoryFile);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>Tables and figures this tool can write that this report did not: left from an earlier config.</summary>
    private static void RemoveStale(string dir, IReadOnlyCollection<string> written, StudyContext ctx)
    {
        var ours = TableNames.SelectMany(t => new[] { t + ".md", t + ".csv" }).Concat(ReportFigures.AllFiles);
        foreach (string name in ours.Except(written).Where(n => File.Exists(Path.Combine(dir, n))))
        {
            File.Delete(Path.Combine(dir, name));
            ctx.Progress.Log($"results/{name}: removed (this config no longer produces it)");
        }
    }
}
