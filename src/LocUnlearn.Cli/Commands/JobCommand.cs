using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Jobs;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn job --plan plan.json --id ID`: one unit of a plan (what executors' workers run).</summary>
internal static class JobCommand
{
    public static Command Create()
    {
        var planFile = new Option<string>("--plan") { Description = "plan.json made by `locunlearn plan`.", Required = true };
        var id = new Option<string>("--id") { Description = "The job to run (see plan.json or `locunlearn status`).", Required = true };
        var command = new Command("job",
            "Run one job of a plan: idempotent, atomic, and safe when two workers start the same job. " +
            $"Exit codes: 0 done, {JobExitCodes.DependencyMissing} dependencies not finished, {JobExitCodes.Busy} another worker holds it.")
            { planFile, id };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var plan = StudyPlan.Load(Path.GetFullPath(r.GetValue(planFile)!));
            using var display = ProgressDisplay.ForConsole();
            try
            {
                var outcome = new JobRunner(display.Sink).Run(plan, r.GetValue(id)!);
                return outcome == JobOutcome.Busy ? JobExitCodes.Busy : JobExitCodes.Ok;
            }
            catch (JobDependencyException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return JobExitCodes.DependencyMissing;
            }
        }));
        return command;
    }
}
