using System.CommandLine;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn plan --config FILE --out plan.json`: the study as a job graph (docs/jobs.md) and its memory per phase.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var study = new StudyOptions(runDirectoryOption: "--run");
        var output = new Option<string>("--out") { Description = "The plan file to write (a copy also goes to the run directory).", Required = true };
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds." };
        var command = new Command("plan",
            "List every job of the study (stages, runs, localizers, reconstruction, report) with its dependencies and output path.")
            { output, seeds };
        study.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var options = study.Read(r) with { Seeds = r.GetValue(seeds) };
            var (plan, path, runLock) = StudyPlanner.Prepare(options, r.GetValue(output)!, "locunlearn plan");
            runLock.Dispose();
            var states = JobStates.All(plan);
            Console.WriteLine($"{plan.Jobs.Count} jobs ({states.Values.Count(s => s == JobState.Done)} done) for {plan.RunDir}");
            foreach (var group in plan.Jobs.GroupBy(j => j.Kind))
                Console.WriteLine($"  {group.Key,-18} {group.Count(),4}");
            var config = RunSetup.Reopen(plan.Layout);
            // Size the machine (or each job kind's Slurm resources) and the time before anything starts.
            var shape = MemoryCheck.ModelShape(config, plan.Layout);
            foreach (string line in MemoryEstimate.For(config, shape).PhaseLines())
                Console.WriteLine(line);
            foreach (string line in TimeEstimate.Lines(plan, config, shape.VocabSize))
                Console.WriteLine(line);
            Console.WriteLine($"wrote {path}");
            Console.WriteLine($"next: locunlearn job --plan {path} --id {plan.Jobs[0].Id}   (or: locunlearn run --executor local --workers N ...)");
            return 0;
        }));
        return command;
    }
}
