using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Study;
using LocUnlearn.Jobs;
using LocUnlearn.Reporting.Rendering.Tables;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn status --run DIR`: the progress of a study's jobs, read from its run directory.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run directory.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the state of every job as JSON instead of tables." };
        var command = new Command("status", "Show which jobs of a study are done, running, failed, ready or waiting (from the run directory alone).")
            { run, json };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var layout = new RunLayout(Path.GetFullPath(r.GetValue(run)!));
            var plan = LoadOrBuild(layout);
            var states = JobStates.All(plan);
            if (r.GetValue(json))
            {
                var jobs = new JsonArray(plan.Jobs.Select(j => (JsonNode)new JsonObject
                {
                    ["id"] = j.Id, ["kind"] = j.Kind.Name(), ["state"] = states[j.Id].ToString().ToLowerInvariant(), ["output"] = j.Output,
                }).ToArray());
                var document = new JsonObject { ["run_dir"] = plan.RunDir, ["jobs"] = jobs };
                Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            var console = CliConsole.Current();
            var table = new Table(new TableColumn("Kind"), new TableColumn("Jobs", ColumnAlignment.Right), new TableColumn("Done", ColumnAlignment.Right),
                new TableColumn("Running", ColumnAlignment.Right), new TableColumn("Failed", ColumnAlignment.Right),
                new TableColumn("Ready", ColumnAlignment.Right), new TableColumn("Waiting", ColumnAlignment.Right));
            foreach (var group in plan.Jobs.GroupBy(j => j.Kind))
            {
                int Count(JobState s) => group.Count(j => states[j.Id] == s);
                table.AddRow(group.Key.Name(), group.Count().ToString(), Count(JobState.Done).ToString(), Count(JobState.Running).ToString(),
                    Count(JobState.Failed).ToString(), Count(JobState.Ready).ToString(), Count(JobState.Waiting).ToString());
            }
            ResultsTableView.Print(console, table, $"Jobs of {plan.RunDir}");
            foreach (var job in plan.Jobs.Where(j => states[j.Id] == JobState.Running))
                Console.WriteLine($"running  {job.Id}  ({JobLock.Holder(JobLock.PathFor(layout, job))})");
            foreach (var job in plan.Jobs.Where(j => states[j.Id] == JobState.Failed))
                Console.WriteLine($"failed   {job.Id}  {File.ReadAllText(JobFiles.FailedFile(layout, job)).Trim()}  (log: {JobFiles.LogFile(layout, job)})");
            if (SlurmSubmission.Read(layout) is { } submitted)
                Console.WriteLine($"slurm: {string.Join(", ", submitted.Arrays.Select(a => $"{a.Kind}={a.SlurmJobId}"))} " +
                    $"(submitted {submitted.SubmittedUtc:u})");
            int done = states.Values.Count(s => s == JobState.Done);
            Console.WriteLine($"{done} of {plan.Jobs.Count} jobs done");
            return 0;
        }));
        return command;
    }

    /// <summary>The run directory's plan.json, or the plan of its config.json (a directory made by `locunlearn run`).</summary>
    private static StudyPlan LoadOrBuild(RunLayout layout)
    {
        string planFile = Path.Combine(layout.Root, StudyPlan.FileName);
        if (File.Exists(planFile))
            return StudyPlan.Load(planFile);
        return StudyPlanner.Build(RunSetup.Reopen(layout), layout);
    }
}
