using System.Diagnostics;
using System.Globalization;

namespace LocUnlearn.Machine;

/// <summary>One GPU as nvidia-smi describes it (memory in bytes).</summary>
public sealed record GpuDescription(int Index, string Name, long MemoryTotal, long MemoryFree);

/// <summary>
/// GPU names and memory from nvidia-smi: TorchSharp 0.107 exposes neither (no get_device_name, no mem_get_info), so
/// this is the one source where the driver's tool is installed. The indices are nvidia-smi's (all GPUs), not those
/// CUDA_VISIBLE_DEVICES leaves to the process.
/// </summary>
public static class GpuQuery
{
    public const string Arguments = "--query-gpu=index,name,memory.total,memory.free --format=csv,noheader,nounits";

    /// <summary>The GPUs, or null when nvidia-smi is not installed or fails.</summary>
    public static IReadOnlyList<GpuDescription>? NvidiaSmi()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", Arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var smi = Process.Start(start);
            if (smi is null)
                return null;
            var output = smi.StandardOutput.ReadToEndAsync();
            if (!smi.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                smi.Kill(); // a wedged driver can hang nvidia-smi; doctor must still answer
                return null;
            }
            return smi.ExitCode == 0 ? Parse(output.Result) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    /// <summary>nvidia-smi's CSV: "0, NVIDIA H200, 143771, 142990" per GPU, memory in MiB.</summary>
    public static IReadOnlyList<GpuDescription> Parse(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', StringSplitOptions.TrimEntries))
            .Where(f => f.Length == 4 && int.TryParse(f[0], CultureInfo.InvariantCulture, out _))
            .Select(f => new GpuDescription(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], MiB(f[2]), MiB(f[3])))
            .ToList();

    private static long MiB(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long mib) ? mib * 1024 * 1024 : -1;
}
