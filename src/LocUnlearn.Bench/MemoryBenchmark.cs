using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench memory`: does a masked (10% region) unlearning run of each objective hold at most the model, one reference
/// copy where the objective needs one, and O(region) more? Activations are the objective's, not the run's, so each
/// objective is measured twice from a reset peak (<see cref="ProcessMemory.ResetPeak"/>) over the loaded model:
/// <list type="bullet">
/// <item><c>activations</c>: the objective's own forward/backward passes on the same batches for the same steps with
/// every model parameter frozen (<see cref="FrozenPasses"/>): what any run of it needs, whatever it trains;</item>
/// <item><c>run</c>: the masked <see cref="UnlearningRun"/> (region deltas, <see cref="MaskedAdamW"/>, reference tables,
/// the invariant's fingerprints, commit and revert).</item>
/// </list>
/// extra = run - activations must stay within one model copy for objectives with a reference plus
/// <see cref="BytesPerRegionScalar"/> per region scalar. Also: optimizer state ≤ 3·4 bytes per region scalar.
/// </summary>
public static class MemoryBenchmark
{
    public static readonly string[] Objectives = ["ga", "wga", "npo", "dpo", "rmu"];
    private const int Steps = 3, BatchSize = 8, PromptLength = 12;

    /// <summary>
    /// What a masked run may hold per region scalar beyond the activations of its passes: delta, its gradient, two Adam
    /// moments and the fp32 base values for weight decay (5 × 4 bytes), the optimizer step's temporaries (3 × 4), and
    /// per forward pass the gathered region coefficients a[region] kept for backward, B·T/hidden × 4 bytes per scalar
    /// (6.5 at the bench shape; three passes for dpo): 52 bytes here, rounded up to 64.
    /// </summary>
    public const int BytesPerRegionScalar = 64;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        if (!ProcessMemory.Available)
            throw new PlatformNotSupportedException("bench memory reads /proc/self/status: Linux only.");
        ProcessMemory.ReturnFreedBlocksAtOnce();
        var shape = settings.Shape;
        using var model = new LlamaForCausalLM(shape.Config());
        model.InitializeWeights(settings.Seed);
        long modelBytes = model.parameters().Sum(p => p.numel() * p.ElementSize);
        var region = RegionSampler.UniformGlobal(new RegionShape(shape.Layers, shape.Intermediate), StepBenchmark.RegionFraction, settings.Seed);
        long regionScalars = region.Count * shape.Hidden;
        var data = Data(settings);
        var collator = new Collator(PadId: 0);
        var run = new UnlearningRunSettings
        {
            Training = new TrainingConfig { Steps = Steps, BatchSize = BatchSize, LearningRate = 1e-4, Seed = settings.Seed },
            EvalEvery = 0,
            CommitToModel = false,
        };

        UnlearningRunResult<object?> Masked(string name) =>
            UnlearningRun.Run(model, region, UnlearningObjectives.Create(name), data, collator, run, context: $"bench memory {name}");
        // The first run of a process touches pages later runs reuse (allocator arenas, thread pools): not an objective's.
        for (int i = 0; i < settings.Warmup; i++)
        {
            Masked(Objectives[0]);
            FrozenPasses(model, region, UnlearningObjectives.Create(Objectives[0]), data, collator, run);
        }

        var metrics = new List<BenchMetric>
        {
            new("model_bytes", modelBytes, "bytes"),
            new("region_scalars", regionScalars, "parameters"),
        };
        var targets = new List<BenchTarget>();
        foreach (var name in Objectives)
        {
            var objective = UnlearningObjectives.Create(name);
            UnlearningRunResult<object?>? result = null;
            var activations = new List<long>();
            var runs = new List<long>();
            for (int i = 0; i < settings.Repeats; i++)
            {
                activations.Add(ProcessMemory.PeakAdded(() => FrozenPasses(model, region, objective, data, collator, run)));
                runs.Add(ProcessMemory.PeakAdded(() => result = Masked(name)));
            }
            var measured = new ObjectiveMemory(Timing.Median(activations.Select(a => (double)a).ToArray()),
                Timing.Median(runs.Select(a => (double)a).ToArray()), Timing.Median(runs.Zip(activations, (r, a) => (double)(r - a)).ToArray()),
                result!.Training.OptimizerStateBytes, result.Training.TrainableParameters);
            Record(name, objective.UsesReference ? modelBytes : 0, modelBytes, regionScalars, measured, metrics, targets);
        }
        var notes = Notes(settings, modelBytes, region.Count, regionScalars);
        return new BenchCaseResult("memory", metrics, targets, notes);
    }

    /// <summary>One objective's medians: the frozen passes' peak, the masked run's peak, their paired difference, and the
    /// run's optimizer state and trainable parameters.</summary>
    private sealed record ObjectiveMemory(double Activations, double Run, double Extra, long State, long Trained);

    private static void Record(string name, long referenceAllowance, long modelBytes, long regionScalars, ObjectiveMemory m,
        List<BenchMetric> metrics, List<BenchTarget> targets)
    {
        long regionBudget = BytesPerRegionScalar * regionScalars;
        metrics.Add(new($"{name}.run_peak_bytes", m.Run, "bytes"));
        metrics.Add(new($"{name}.activations_peak_bytes", m.Activations, "bytes"));
        metrics.Add(new($"{name}.extra_bytes", m.Extra, "bytes"));
        metrics.Add(new($"{name}.extra_per_region_scalar", m.Extra / regionScalars, "bytes"));
        metrics.Add(new($"{name}.extra_over_model", m.Extra / modelBytes, "ratio"));
        metrics.Add(new($"{name}.optimizer_state_bytes", m.State, "bytes"));
        targets.Add(new($"{name}: optimizer state", "<= 3·4 bytes per region scalar", m.State, m.State <= 3 * 4 * m.Trained));
        string allowance = referenceAllowance > 0 ? $"one reference copy ({Mib(modelBytes)}) + " : "";
        targets.Add(new($"{name}: run - activations", $"<= {allowance}{BytesPerRegionScalar} B·region = {Mib(referenceAllowance + regionBudget)}",
            m.Extra, m.Extra <= referenceAllowance + regionBudget));
    }

    private static List<string> Notes(BenchSettings settings, long modelBytes, long regionVectors, long regionScalars)
    {
        var shape = settings.Shape;
        return
        [
            $"Random-weight model (d={shape.Hidden}, L={shape.Layers}, d_ff={shape.Intermediate}, V={shape.Vocab}) of {Mib(modelBytes)}; "
                + $"region {regionVectors} value vectors ({StepBenchmark.RegionFraction:P0}) = {regionScalars:N0} scalars; "
                + $"budget {BytesPerRegionScalar} B per region scalar = {Mib(BytesPerRegionScalar * regionScalars)}.",
            $"Each objective: {Steps} steps, batch {BatchSize} forget (+ retain, + refusals for dpo), {PromptLength}+{settings.AnswerLength}-token "
                + "random items; peak = VmHWM during the work - VmRSS before it (peak reset, malloc_trim first, glibc's mmap threshold fixed at "
                + $"128 KiB so freed tensors leave the resident set at once); medians of {settings.Repeats} (activations, run) pairs after "
                + $"{settings.Warmup} discarded pair(s); extra = median of the paired differences.",
            "activations: the objective's loss and backward on the same batches with every model parameter frozen, a one-value-vector delta "
                + "in the region's lowest layer so backward runs through the same layers, no optimizer, the model itself as π_ref. run: the "
                + "masked UnlearningRun. A second model copy, gradients or optimizer state on frozen parameters would each add about the "
                + "model's size to extra.",
        ];
    }

    /// <summary>
    /// The objective's passes (loss and backward) on the batches of a run with <paramref name="run"/>'s settings, every
    /// model parameter frozen. A delta for one value vector in the region's lowest layer is the only thing with a
    /// gradient, so backward runs through the same layers as the masked run's (an objective that stops early, RMU, may
    /// not reach it: then there is nothing to differentiate). π_ref is the model itself with that delta suspended.
    /// </summary>
    private static void FrozenPasses(LlamaForCausalLM model, Region region, IUnlearningObjective objective, UnlearningData data,
        Collator collator, UnlearningRunSettings run)
    {
        foreach (var p in model.parameters()) p.requires_grad_(false);
        int layer = Enumerable.Range(0, region.Shape.Layers).First(l => region.NeuronsIn(l).Count > 0);
        var mlp = model.Mlps[layer];
        using (var neuron = tensor(new long[] { region.NeuronsIn(layer)[0] }, device: model.Device))
            mlp.Delta = new MlpRegionDelta(neuron, model.Config.HiddenSize, freeKeys: false, model.Device);
        try
        {
            using var reference = objective.UsesReference ? new SuspendedDeltaReference(model) : null;
            var ctx = UnlearningRun.Context(model, reference, data, collator, run);
            var batches = new UnlearningBatches(data, collator, run.Training.BatchSize, run.Training.Seed);
            for (int step = 0; step < run.Training.Steps; step++)
            {
                using var scope = NewDisposeScope();
                using var batch = batches.Get(step, objective, model.Device);
                var loss = objective.Loss(ctx, batch);
                if (loss.requires_grad)
                    loss.backward();
            }
        }
        finally
        {
            var probe = mlp.Delta;
            mlp.Delta = null;
            probe?.Dispose();
        }
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.0} MiB";

    private static UnlearningData Data(BenchSettings settings)
    {
        int vocab = settings.Shape.Vocab;
        var rng = SplitMix64.ForStream(settings.Seed, "bench/memory-items");
        EncodedExample Item(long[]? prompt = null)
        {
            var p = prompt ?? Enumerable.Range(0, PromptLength).Select(_ => 3L + rng.NextInt(vocab - 3)).ToArray();
            var ids = p.Concat(Enumerable.Range(0, settings.AnswerLength).Select(_ => 3L + rng.NextInt(vocab - 3))).ToArray();
            return new EncodedExample(ids, ids.Select((id, t) => t < PromptLength ? EncodedExample.IgnoreIndex : id).ToArray(), PromptLength);
        }
        var forget = Enumerable.Range(0, 4 * BatchSize).Select(_ => Item()).ToList();
        var retain = Enumerable.Range(0, 4 * BatchSize).Select(_ => Item()).ToList();
        var refusals = forget.Select(f => Item(f.InputIds[..PromptLength])).ToList();
        return new UnlearningData(forget, retain, refusals);
    }
}
