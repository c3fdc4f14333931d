using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Experiments;
using LocUnlearn.Experiments.Config;
using LocUnlearn.Experiments.Results;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn run`: the whole study, resumable, ending in a report.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run (the default whenever the run directory exists with the same config)." };
        var command = new Command("run", "Run the whole study: θp → θr → θo, Oracle vs Random unlearning, localization, reconstruction, report.")
            { seeds, resume };
        study.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var options = study.Read(r) with { Seeds = r.GetValue(seeds), Resume = r.GetValue(resume) };
            StudyOutcome outcome;
            using (var display = ProgressDisplay.ForConsole())
                outcome = new StudyRunner(display.Sink).Run(options);
            var aggregates = new StudyAggregates(outcome);
            var console = Spectre.Console.AnsiConsole.Console;
            ResultsTableView.Print(console, ResultTables.ControlledSetup(aggregates), "Controlled setup");
            ResultsTableView.Print(console, ResultTables.OracleVsRandom(aggregates), "Oracle vs Random (Table 2)");
            if (aggregates.Localized.Count > 0)
                ResultsTableView.Print(console, ResultTables.LocalizationQualityTable(aggregates), "Localizers: recall of V_tgt");
            Console.WriteLine($"report: {Path.Combine(outcome.Layout.ResultsDir, "report.md")}");
            Console.WriteLine($"run directory: {outcome.Layout.Root} ({outcome.WallSeconds:F0} s)");
            return 0;
        }));
        return command;
    }
}
