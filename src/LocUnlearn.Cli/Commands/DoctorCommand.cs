using System.CommandLine;
using System.Text.Json;
using LocUnlearn.Machine;

namespace LocUnlearn.Cli.Commands;

/// <summary>
/// `locunlearn doctor [--json] [--device D]`: the first command on a new machine. Exit code 0 when the native backend
/// loads and computes (and the required device works), <see cref="Failed"/> otherwise, with the fix on stderr and no
/// stack trace.
/// </summary>
internal static class DoctorCommand
{
    public const int Failed = 1;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var device = new Option<string?>("--device") { Description = "Also fail unless this device works (cpu, cuda, cuda:N)." };
        var command = new Command("doctor", "Check this machine: versions, which libtorch and LibTorchSharp files loaded, CUDA, threads, " +
                                            $"free memory and disk. Exit code 0 when usable, {Failed} when not (the fix is printed).")
            { json, device };
        command.SetAction(r =>
        {
            var report = Doctor.Examine(r.GetValue(device), Directory.GetCurrentDirectory());
            if (r.GetValue(json))
                Console.WriteLine(DoctorJson.Of(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
                foreach (string line in DoctorText.Lines(report))
                    Console.WriteLine(line);
            foreach (string line in DoctorText.ProblemLines(report))
                Console.Error.WriteLine(line);
            return report.Ok ? 0 : Failed;
        });
        return command;
    }
}
