using LocUnlearn.Config;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Study.Memory;

/// <summary>A run that would not fit: the numbers and the fixes are in the message.</summary>
public sealed class MemoryCheckException(string message) : Exception(message);

/// <summary>
/// Before `locunlearn run` trains anything: resolve the device (a CUDA request without CUDA fails here, naming the
/// build fix), print the <see cref="MemoryEstimate"/> table, and refuse to start when its peak exceeds the memory
/// available (config `memory_check`). Failing after hours in the experiments phase would cost far more than this.
/// </summary>
public static class MemoryCheck
{
    public static void Run(StudyContext ctx) => Run(ctx, Estimate(ctx));

    /// <summary>
    /// One job of a plan (`locunlearn job`, on whatever machine or Slurm allocation runs it): the same table, checked
    /// against the phases that job goes through (<paramref name="phases"/>, names of <see cref="MemoryEstimate.Phases"/>),
    /// so a node sized for evaluation jobs is not refused for the full-parameter stage it never runs.
    /// </summary>
    public static void ForPhases(StudyContext ctx, IReadOnlyCollection<string> phases)
    {
        if (Estimate(ctx).Only(phases) is { } estimate)
            Run(ctx, estimate);
    }

    private static MemoryEstimate Estimate(StudyContext ctx) => MemoryEstimate.For(ctx.Config, Shape(ctx.Config) ?? PretrainStage.NewModelConfig(ctx));

    /// <summary>
    /// The estimate before a study context exists (`locunlearn plan`): from the model folder's config.json, or for the
    /// tool's own small model from the run's tokenizer (RUN/data is made, or found: the synthetic world, or the trimmed
    /// tokenizer of the tofu preset).
    /// </summary>
    public static MemoryEstimate Estimate(ExperimentConfig config, RunLayout layout) => MemoryEstimate.For(config, ModelShape(config, layout));

    /// <summary>The shape of the run's θp (vocabulary size included) before a study context exists: the model folder's
    /// config.json, or the tool's own small model on the run's tokenizer (RUN/data is made or found).</summary>
    public static LlamaConfig ModelShape(ExperimentConfig config, RunLayout layout)
    {
        if (Shape(config) is { } shape)
            return shape;
        using var data = RunData.Load(layout, config);
        return PretrainStage.NewModelConfig(config, data);
    }

    /// <summary>The shape of the given model folder (θp's, else a given θr's); null for the tool's own small model.</summary>
    private static LlamaConfig? Shape(ExperimentConfig config) =>
        config.ModelFolder() is { } dir ? LlamaConfig.Load(Path.Combine(dir, ModelFolder.ConfigFile)) : null;

    private static void Run(StudyContext ctx, MemoryEstimate estimate)
    {
        var device = ctx.LoadOptions.TorchDevice;
        var (available, source) = Available(device);
        foreach (var line in estimate.TableLines(available, ctx.Config.MemoryCheck ? source : source + "; memory_check is off"))
            ctx.Progress.Log(line);
        if (ctx.Config.MemoryCheck)
            Verify(estimate, available, source, ctx.Config.Model.Dtype);
    }

    /// <summary>Throws when the estimate's peak exceeds <paramref name="available"/> (null = unknown: no check).</summary>
    public static void Verify(MemoryEstimate estimate, long? available, string source, WeightDtype dtype)
    {
        if (available is not { } free || estimate.Peak.Bytes <= free)
            return;
        var peak = estimate.Peak;
        var fixes = new List<string>();
        if (peak.BatchKeys is { } keys)
            fixes.Add($"smaller batches ({keys}; raise gradient_accumulation to keep the effective batch)");
        if (dtype == WeightDtype.Float32)
            fixes.Add("\"model\": {\"dtype\": \"bfloat16\"} (halves weights and activations)");
        fixes.Add("a machine or device with more memory");
        throw new MemoryCheckException(
            $"the memory estimate of this run, {MemoryEstimate.Format(peak.Bytes)} at its peak ({peak.Name}: {peak.Detail}), exceeds the " +
            $"{MemoryEstimate.Format(free)} available ({source}). Fixes: {string.Join("; ", fixes)}. The estimate is an upper " +
            "bound: \"memory_check\": false in the config runs anyway.");
    }

    /// <summary>
    /// Memory the run may use on <paramref name="device"/>, and where the number comes from: on the CPU the smaller of
    /// the machine's MemAvailable and what this process's cgroups still allow (a Slurm job's --mem, a container's limit).
    /// </summary>
    public static (long? Bytes, string Source) Available(Device device)
    {
        if (device.type != DeviceType.CPU)
            return (null, "TorchSharp 0.107 has no CUDA memory query; compare the peak with nvidia-smi's free memory");
        long? machine = File.Exists("/proc/meminfo") ? MemAvailable(File.ReadAllText("/proc/meminfo")) : null;
        return Tighter(machine, CgroupMemory.ForThisProcess());
    }

    /// <summary>The smaller of the machine's MemAvailable (null: unknown) and a cgroup's headroom (null: no limit).</summary>
    public static (long? Bytes, string Source) Tighter(long? memAvailable, CgroupHeadroom? cgroup) => (memAvailable, cgroup) switch
    {
        (null, null) => (null, "no MemAvailable in /proc/meminfo on this system"),
        (null, { } g) => (g.Bytes, g.Source),
        ({ } m, { } g) when g.Bytes < m => (g.Bytes, g.Source),
        ({ } m, _) => (m, "MemAvailable, /proc/meminfo"),
    };

    /// <summary>MemAvailable of a /proc/meminfo text, in bytes.</summary>
    public static long? MemAvailable(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0]) * 1024;
        return null;
    }
}
