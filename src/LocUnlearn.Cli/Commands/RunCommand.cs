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
        var preset = new Option<string>("--preset") { Description = $"Starting configuration: {string.Join(", ", Presets.Names)}.", DefaultValueFactory = _ => "quick" };
        var config = new Option<string?>("--config") { Description = "JSON file merged over the preset (snake_case keys; see docs/config.md)." };
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/PRESET)." };
        var data = new Option<string?>("--data") { Description = "Folder of TOFU files (real TOFU or your own); default: a synthetic world." };
        var model = new Option<string?>("--model") { Description = "Hugging Face model folder used as θp; default: a small model pretrained by the tool." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N." };
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run (the default whenever the run directory exists with the same config)." };
        var force = new Option<bool>("--force") { Description = "Start over in a run directory whose config differs." };
        var command = new Command("run", "Run the whole study: θp → θr → θo, Oracle vs Random unlearning, localization, reconstruction, report.")
            { preset, config, output, data, model, device, seeds, resume, force };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var options = new RunOptions
            {
                Preset = r.GetValue(preset)!,
                ConfigFile = r.GetValue(config),
                Out = r.GetValue(output),
                Data = r.GetValue(data),
                Model = r.GetValue(model),
                Device = r.GetValue(device),
                Seeds = r.GetValue(seeds),
                Resume = r.GetValue(resume),
                Force = r.GetValue(force),
            };
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
