using LocUnlearn.Study.Units;
using LocUnlearn.Cli.Progress;
using System.CommandLine;
using System.Globalization;
using LocUnlearn.Config;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn unlearn`: one unlearning run of a model on a region file (or all parameters), outside a study.</summary>
internal static class UnlearnCommand
{
    public static Command Create()
    {
        var options = new UnlearnOptions();
        var command = new Command("unlearn", "One unlearning run on a region: trajectory.jsonl, result.json (AUES, MU95) and the unlearned model.");
        options.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var request = options.Read(r);
            RunResult result;
            using (var display = ProgressDisplay.ForConsole())
                result = SingleUnlearnRun.Run(request, display.Sink);
            return Report(request, result);
        }));
        return command;
    }

    private static int Report(UnlearnRequest request, RunResult result)
    {
        if (!result.Ok)
        {
            Console.Error.WriteLine($"error: the run failed: {result.Error} (recorded in {request.OutDir}/result.json)");
            return 1;
        }
        string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"AUES {F(result.Aues)}  MU95 {F(result.Mu95)}  ({result.Trajectory.Count} evaluated points, {result.WallSeconds:F1} s)");
        Console.WriteLine($"wrote {request.OutDir} (trajectory.jsonl, result.json, model/)");
        return 0;
    }
}
