using LocUnlearn.Jobs;
using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Study;
using LocUnlearn.Reporting;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn run`: the whole study, resumable, ending in a report.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds." };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue an interrupted run (the default whenever the run directory exists with the same config).",
        };
        var executor = new Option<string>("--executor")
        {
            Description = "inline: this process (default); local: a job graph run by --workers processes; slurm: sbatch arrays (see docs/jobs.md).",
            DefaultValueFactory = _ => "inline",
        };
        executor.AcceptOnlyFromAmong("inline", "local", "slurm");
        var workers = new Option<int>("--workers") { Description = "Worker processes of --executor local.", DefaultValueFactory = _ => 2 };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Cluster file of --executor slurm: partition, account, resources per job kind (docs/jobs.md).",
        };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (overrides the cluster file's)." };
        var command = new Command("run", "Run the whole study: θp → θr → θo, Oracle vs Random unlearning, localization, reconstruction, report.")
            { seeds, resume, executor, workers, cluster, partition };
        study.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var options = study.Read(r) with { Seeds = r.GetValue(seeds), Resume = r.GetValue(resume) };
            switch (r.GetValue(executor))
            {
                case "local":
                    return JobGraphRun.Local(options, r.GetValue(workers));
                case "slurm":
                    return JobGraphRun.Slurm(options, r.GetValue(cluster), r.GetValue(partition));
            }
            StudyOutcome outcome;
            using (var display = ProgressDisplay.ForConsole())
                outcome = new StudyRunner(display.Sink).Run(options);
            var aggregates = new StudyAggregates(outcome);
            var console = CliConsole.Current();
            ResultsTableView.Print(console, ResultTables.ControlledSetup(aggregates), "Controlled setup");
            if (aggregates.SetupFailed)
            {
                ResultsTableView.Print(console, ResultTables.SetupChecks(aggregates), "Controlled-setup checks");
                Console.WriteLine("warning: the controlled setup failed (" +
                                  string.Join(", ", aggregates.Checks.Where(k => k.Pass == false).Select(SummaryJson.CheckName)) +
                                  "): report.md shows the numbers and withholds its conclusions.");
            }
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
