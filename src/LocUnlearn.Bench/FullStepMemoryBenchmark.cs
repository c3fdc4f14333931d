using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Study.Memory;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench memory-full`: peak resident memory of full-parameter training steps (--dtype weights, rows of --seq labelled
/// tokens, no padding) of the bench model, plain, with activation checkpointing, and with checkpointing and the 8-bit AdamW,
/// against <see cref="MemoryEstimate"/>'s terms for the same shape: gradient and optimizer state, activations, logits.
/// Each variant trains a freshly made model; peak = VmHWM during its steps - VmRSS before them (the weights, already
/// resident, are not counted on either side).
/// </summary>
public static class FullStepMemoryBenchmark
{
    private const int Steps = 2;
    /// <summary>Issue 19's tolerance for a measured peak against the estimate.</summary>
    private const double Tolerance = 0.25;

    private sealed record Variant(string Name, bool Checkpointing, OptimizerKind Optimizer);

    private static readonly Variant[] Variants =
    [
        new("plain", false, OptimizerKind.AdamW),
        new("checkpointed", true, OptimizerKind.AdamW),
        new("checkpointed_8bit", true, OptimizerKind.AdamW8bit),
    ];

    public static BenchCaseResult Run(BenchSettings settings)
    {
        if (!ProcessMemory.Available)
            throw new PlatformNotSupportedException("bench memory-full reads /proc/self/status: Linux only.");
        ProcessMemory.ReturnFreedBlocksAtOnce();
        var shape = settings.Shape;
        var config = shape.Config();
        var scalarType = BenchModels.ParseDType(settings.DType);
        var dtype = scalarType == ScalarType.BFloat16 ? WeightDtype.Bfloat16 : WeightDtype.Float32;
        int w = dtype.Bytes();
        long parameters = MemoryEstimate.ParameterCount(config), tokens = (long)shape.Batch * shape.Seq;
        var metrics = new List<BenchMetric> { new("model_bytes", parameters * w, "bytes") };
        var targets = new List<BenchTarget>();
        var measured = new Dictionary<string, double>();
        var estimated = new Dictionary<string, long>();
        for (int i = 0; i < settings.Warmup; i++)
            PeakAdded(Variants[0] with { Name = "warmup" }, shape with { Batch = 1, Seq = Math.Min(shape.Seq, 32) }, settings);
        foreach (var v in Variants)
        {
            long state = MemoryEstimate.FullParameterStateBytes(parameters, dtype, v.Optimizer);
            long activations = MemoryEstimate.ActivationBytes(config, w, tokens, v.Checkpointing);
            long logits = MemoryEstimate.TrainingLogitBytes(config, tokens);
            long step = MemoryEstimate.OptimizerStepBytes(config, dtype, v.Optimizer);
            estimated[v.Name] = state + Math.Max(activations + logits, step);
            var peaks = Enumerable.Range(0, settings.Repeats).Select(_ => (double)PeakAdded(v, shape, settings)).ToArray();
            measured[v.Name] = Timing.Median(peaks);
            double ratio = measured[v.Name] / estimated[v.Name];
            metrics.Add(new($"{v.Name}.peak_bytes", measured[v.Name], "bytes"));
            metrics.Add(new($"{v.Name}.estimate_bytes", estimated[v.Name], "bytes"));
            metrics.Add(new($"{v.Name}.estimate_activations_bytes", activations, "bytes"));
            metrics.Add(new($"{v.Name}.estimate_state_bytes", state, "bytes"));
            metrics.Add(new($"{v.Name}.estimate_step_bytes", step, "bytes"));
            metrics.Add(new($"{v.Name}.peak_over_estimate", ratio, "ratio"));
            targets.Add(new($"{v.Name}: peak vs estimate", $"within ±{Tolerance:P0}", ratio, Math.Abs(ratio - 1) <= Tolerance));
        }
        double drop = measured["plain"] - measured["checkpointed"], estimatedDrop = estimated["plain"] - estimated["checkpointed"];
        metrics.Add(new("checkpointing.saved_bytes", drop, "bytes"));
        metrics.Add(new("checkpointing.estimated_saved_bytes", estimatedDrop, "bytes"));
        double saved = drop / estimatedDrop;
        targets.Add(new("checkpointing saves as estimated", $"within ±{Tolerance:P0}", saved, Math.Abs(saved - 1) <= Tolerance));
        var notes = new List<string>
        {
            $"Random-weight {settings.DType} model (d={shape.Hidden}, L={shape.Layers}, d_ff={shape.Intermediate}, V={shape.Vocab}, untied) " +
            $"of {parameters:N0} parameters; {Steps} full-parameter steps of {shape.Batch} × {shape.Seq} tokens (mean NLL over every token), " +
            "max_grad_norm 1.",
            "estimate = MemoryEstimate's gradient + optimizer state + the larger of (activations + training logits) and the optimizer step's " +
            "temporaries for this shape (its runtime and weights " +
            "rows are left out: the weights are resident before the steps, the runtime before everything). peak = VmHWM during the steps - " +
            "VmRSS before them (peak reset, malloc_trim, glibc's mmap threshold fixed at 128 KiB); " +
            $"median of {settings.Repeats} after {settings.Warmup} small warm-up run(s).",
        };
        return new BenchCaseResult("memory-full", metrics, targets, notes);
    }

    /// <summary>Peak resident bytes added by <see cref="Steps"/> training steps of a fresh model.</summary>
    private static long PeakAdded(Variant v, BenchShape shape, BenchSettings settings)
    {
        long seed = settings.Seed;
        using var model = new LlamaForCausalLM(shape.Config(), dtype: BenchModels.ParseDType(settings.DType));
        model.InitializeWeights(seed);
        using var ids = randint(3, shape.Vocab, [shape.Batch, shape.Seq], generator: new Generator((ulong)seed));
        var config = new TrainingConfig
        {
            Steps = Steps, LearningRate = 1e-4, ActivationCheckpointing = v.Checkpointing, Optimizer = v.Optimizer, Seed = seed,
        };
        return ProcessMemory.PeakAdded(() => new Trainer().Train(new FullParameterSet(model), config,
            (_, _) => CausalLmLoss.MeanNll(model.forward(ids), ids), $"bench memory-full {v.Name}"));
    }
}
