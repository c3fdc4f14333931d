using LocUnlearn.Experiments.Stages;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Experiments;

/// <summary>A run that would not fit: the numbers and the fixes are in the message.</summary>
public sealed class MemoryCheckException(string message) : Exception(message);

/// <summary>
/// Before `locunlearn run` trains anything: resolve the device (a CUDA request without CUDA fails here, naming the
/// build fix), print the <see cref="MemoryEstimate"/> table, and refuse to start when its peak exceeds the memory
/// available (config `memory_check`). Failing after hours in the experiments phase would cost far more than this.
/// </summary>
public static class MemoryCheck
{
    public static void Run(StudyContext ctx)
    {
        var device = ctx.LoadOptions.TorchDevice;
        var model = ctx.Config.Model.Path is { } dir
            ? LlamaConfig.Load(Path.Combine(dir, ModelFolder.ConfigFile))
            : PretrainStage.NewModelConfig(ctx);
        var estimate = MemoryEstimate.For(ctx.Config, model);
        var (available, source) = Available(device);
        foreach (var line in estimate.TableLines(available, ctx.Config.MemoryCheck ? source : source + "; memory_check is off"))
            ctx.Progress.Log(line);
        if (ctx.Config.MemoryCheck)
            Verify(estimate, available, source, ctx.Config.Model.Dtype);
    }

    /// <summary>Throws when the estimate's peak exceeds <paramref name="available"/> (null = unknown: no check).</summary>
    public static void Verify(MemoryEstimate estimate, long? available, string source, string dtype)
    {
        if (available is not { } free || estimate.Peak.Bytes <= free)
            return;
        var peak = estimate.Peak;
        var fixes = new List<string>();
        if (peak.BatchKeys is { } keys)
            fixes.Add($"smaller batches ({keys}; raise gradient_accumulation to keep the effective batch)");
        if (MemoryEstimate.BytesPer(dtype) == 4)
            fixes.Add("\"model\": {\"dtype\": \"bfloat16\"} (halves weights and activations)");
        fixes.Add("a machine or device with more memory");
        throw new MemoryCheckException(
            $"the memory estimate of this run, {MemoryEstimate.Format(peak.Bytes)} at its peak ({peak.Name}: {peak.Detail}), exceeds the " +
            $"{MemoryEstimate.Format(free)} available ({source}). Fixes: {string.Join("; ", fixes)}. The estimate is an upper " +
            "bound: \"memory_check\": false in the config runs anyway.");
    }

    /// <summary>Memory the run may use on <paramref name="device"/>, and where the number comes from.</summary>
    public static (long? Bytes, string Source) Available(Device device)
    {
        if (device.type != DeviceType.CPU)
            return (null, "TorchSharp 0.107 has no CUDA memory query; compare the peak with nvidia-smi's free memory");
        if (!File.Exists("/proc/meminfo"))
            return (null, "no /proc/meminfo on this system");
        return MemAvailable(File.ReadAllText("/proc/meminfo")) is { } bytes
            ? (bytes, "MemAvailable, /proc/meminfo")
            : (null, "/proc/meminfo has no MemAvailable line");
    }

    /// <summary>MemAvailable of a /proc/meminfo text, in bytes.</summary>
    public static long? MemAvailable(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0]) * 1024;
        return null;
    }
}
