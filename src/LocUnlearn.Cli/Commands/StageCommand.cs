using System.CommandLine;
using System.Globalization;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Study;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn stage pretrain|retain|inject`: one stage of the controlled pipeline alone, in a run directory
/// that `locunlearn run` can continue.</summary>
internal static class StageCommand
{
    public static Command Create()
    {
        var command = new Command("stage",
            "Run one stage (θp, θr or θo) in a run directory; upstream stages run first when missing, finished ones are skipped.");
        foreach (string stage in SingleStageRunner.Stages)
            command.Subcommands.Add(Stage(stage));
        return command;
    }

    private static Command Stage(string stage)
    {
        var study = new StudyOptions();
        var seed = new Option<long?>("--seed") { Description = "inject only: the seed of V_tgt and θo (default: the config's first_seed)." };
        var command = new Command(stage, Describe(stage)) { seed };
        study.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var options = study.Read(r);
            IReadOnlyList<StageOutcome> outcomes;
            using (var display = ProgressDisplay.ForConsole())
                outcomes = new SingleStageRunner(display.Sink).Run(options, stage, r.GetValue(seed));
            foreach (var o in outcomes)
                Print(o);
            return 0;
        }));
        return command;
    }

    private static string Describe(string stage) => stage switch
    {
        "pretrain" => "θp: pretrain the small model on the synthetic world's corpus (nothing to do with --model).",
        "retain" => "θr: fine-tune θp on the retain set with all parameters (runs pretrain first if needed).",
        _ => "θo: inject the forget set into V_tgt of θr, plus the full-parameter reference (runs pretrain and retain first if needed).",
    };

    private static void Print(StageOutcome o)
    {
        if (o.Record is null)
        {
            Console.WriteLine($"{o.Stage}: θp is the given model {o.Directory} (used as it is, not trained)");
            return;
        }
        string how = o.Skipped ? "done earlier with the same inputs, skipped" : $"ran in {o.Record.WallSeconds:F1} s";
        Console.WriteLine($"{o.Stage}: {how} ({o.Directory})");
        foreach (var (name, value) in o.Record.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {name,-12} {value.ToString("0.0000", CultureInfo.InvariantCulture)}");
        if (o.Record.Invariant is { } check)
            Console.WriteLine($"  region invariant {(check.Holds ? "holds" : "BROKEN")} over {check.TensorsChecked} tensors");
    }
}
