using LocUnlearn.Common;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// results/: table2 (Oracle vs Random), table1 (localizers vs Random), localization (recall/precision of V_tgt),
/// trajectories.jsonl, PNG figures and report.md; summary.json is written last, after the manifest.
/// </summary>
public static class StudyReport
{
    public static void Write(StudyContext ctx, StudyOutcome outcome)
    {
        string dir = outcome.Layout.ResultsDir;
        Directory.CreateDirectory(dir);
        var agg = new StudyAggregates(outcome);
        var runs = outcome.Experiments.Runs;
        AtomicFile.WriteAllText(Path.Combine(dir, "trajectories.jsonl"),
            string.Concat(runs.Select(r => File.Exists(Path.Combine(RunDir(outcome.Layout, r), RunStore.TrajectoryFile))
                ? File.ReadAllText(Path.Combine(RunDir(outcome.Layout, r), RunStore.TrajectoryFile)) : "")));
        var table2 = ResultTables.OracleVsRandom(agg);
        var table1 = ResultTables.LocalizersVsRandom(agg);
        var localization = ResultTables.LocalizationQualityTable(agg);
        TableFiles.Save(Path.Combine(dir, "table2"), table2, ResultTables.OracleVsRandomCaption(agg));
        TableFiles.Save(Path.Combine(dir, "table1"), table1, ResultTables.LocalizersVsRandomCaption(agg));
        TableFiles.Save(Path.Combine(dir, "localization"), localization);
        var figures = ReportFigures.Save(ctx, outcome, dir);
        ReportText.Compose(outcome, agg, table2, table1, localization, figures, dir).Save("report.md");
    }

    public static void WriteSummary(StudyContext ctx, StudyOutcome outcome) =>
        AtomicFile.WriteAllText(Path.Combine(outcome.Layout.ResultsDir, "summary.json"),
            SummaryJson.Build(outcome, new StudyAggregates(outcome)).ToJsonString(new() { WriteIndented = true }));

    public static string RunDir(RunLayout layout, RunResult r) => r.Kind == RunKind.Reconstruct
        ? layout.Reconstruct(r.Seed, r.Region)
        : layout.Unlearn(r.Seed, r.Objective, r.Region);
}
