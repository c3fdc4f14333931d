using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Study;
using LocUnlearn.Reporting;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn report --run DIR`: rebuild results/ (tables, figures, report.md, summary.json) from whatever has
/// finished in a run directory.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run directory (holds config.json).", Required = true };
        var command = new Command("report", "Rebuild results/ of a run directory from its finished stages and runs.") { run };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var layout = new RunLayout(Path.GetFullPath(r.GetValue(run)!));
            var (config, runLock) = RunSetup.Take(layout, "locunlearn report");
            using var held = runLock;
            RunSetup.ApplyThreads(config);
            using var display = ProgressDisplay.ForConsole();
            using var ctx = new StudyContext(config, layout, RunData.Load(layout, config), display.Sink);
            var outcome = StudyOutcomeLoader.Load(ctx);
            StudyReport.Write(ctx, outcome);
            StudyReport.WriteSummary(ctx, outcome);
            int ok = outcome.Experiments.Runs.Count(x => x.Ok);
            Console.WriteLine($"{outcome.Seeds.Count} of {config.Seeds} seeds set up, {ok} finished runs ({outcome.Experiments.Runs.Count - ok} failed), " +
                              $"{outcome.Experiments.Localized.Count} localizations");
            Console.WriteLine($"wrote {layout.ResultsDir}");
            return 0;
        }));
        return command;
    }
}
