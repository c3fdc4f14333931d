using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench masked-step --device D`: one masked AdamW step (<see cref="RegionParameterSet"/>, <see cref="MaskedAdamW"/>
/// with weight decay and clipping, through the library's <see cref="Trainer"/>) of a small random LLaMA-3 model, on
/// the CPU and on D from the same weights and batch. On D every parameter outside the region must be bit-identical
/// afterwards (<see cref="RegionInvariant"/>: SHA-256 of every frozen part), and the region's update must equal the
/// CPU's within <see cref="UpdateTolerance"/>.
/// </summary>
public static class MaskedStepBenchmark
{
    public const double UpdateTolerance = 1e-5;
    private const double LearningRate = 1e-3;
    private const int Rows = 4, Tokens = 32;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var device = BenchModels.ParseDevice(settings.Device);
        var config = BenchModels.SmallLlama3();
        var region = RegionSampler.UniformGlobal(new RegionShape(config.NumHiddenLayers, config.IntermediateSize), StepBenchmark.RegionFraction, settings.Seed);
        using var ids = randint(3, config.VocabSize, [Rows, Tokens], dtype: ScalarType.Int64, generator: new Generator((ulong)settings.Seed));
        using var cpuModel = BenchModels.Random(config, settings.Seed, CPU, ScalarType.Float32);
        using var deviceModel = BenchModels.CopyOf(cpuModel, device, ScalarType.Float32); // before the CPU step commits its update
        var cpu = Step(cpuModel, region, ids);
        var other = Step(deviceModel, region, ids);
        double maxUpdate = cpu.Updates.Max(u => u.abs().max().item<float>());
        double diff = cpu.Updates.Zip(other.Updates, (a, b) => (a - b).abs().max().item<float>()).Max();
        int changedOutside = other.Invariant.ChangedOutsideRegion.Count;
        foreach (var u in cpu.Updates.Concat(other.Updates)) u.Dispose();
        var metrics = new List<BenchMetric>
        {
            new("tensors_checked", other.Invariant.TensorsChecked, "tensors"),
            new("changed_outside_region", changedOutside, "tensors"),
            new("cpu_changed_outside_region", cpu.Invariant.ChangedOutsideRegion.Count, "tensors"),
            new("update_max_abs_diff", diff, "weight"),
            new("update_max_abs", maxUpdate, "weight"),
            new("loss_abs_diff", Math.Abs(cpu.Loss - other.Loss), "nats"),
        };
        var targets = new List<BenchTarget>
        {
            new($"frozen parameters on {device}", "bit-identical after the step (0 tensors changed)", changedOutside,
                changedOutside == 0 && other.Invariant.Holds),
            new($"region update on {device} vs CPU", $"max |Δ| <= {UpdateTolerance:0e0}", diff, diff <= UpdateTolerance),
        };
        var notes = new List<string>
        {
            $"Model: the parity case's small LLaMA-3 (d=128, 3 layers, d_ff=344, GQA 4/2, vocab 512), fp32; region {region.Count} of " +
            $"{config.NumHiddenLayers * config.IntermediateSize} value vectors ({StepBenchmark.RegionFraction:P0}, uniform), free keys off.",
            $"One step: {Rows} × {Tokens} random tokens, lr {LearningRate}, weight decay 0.01 (on base + delta of the region only), clipping 1.0; " +
            "update = down_proj region columns after the committed step minus before. Unchanged tensors: " +
            (changedOutside == 0 ? "all." : string.Join(", ", other.Invariant.ChangedOutsideRegion)),
        };
        return new BenchCaseResult("masked-step", metrics, targets, notes);
    }

    private sealed record StepOutcome(InvariantCheck Invariant, IReadOnlyList<Tensor> Updates, double Loss);

    private static StepOutcome Step(LlamaForCausalLM model, Region region, Tensor cpuIds)
    {
        using var ids = cpuIds.to(model.Device);
        var before = Region(model, region);
        var invariant = RegionInvariant.Capture(model, region, freeKeys: false);
        var config = new TrainingConfig { Steps = 1, LearningRate = LearningRate, WeightDecay = 0.01, MaxGradNorm = 1.0 };
        TrainingResult result;
        using (var trainable = new RegionParameterSet(model, region))
        {
            result = new Trainer().Train(trainable, config, (_, _) => CausalLmLoss.MeanNll(model.forward(ids), ids), "bench masked-step");
            trainable.Commit();
        }
        var after = Region(model, region);
        var updates = after.Zip(before, (a, b) => (a - b).DetachFromDisposeScope()).ToList();
        foreach (var t in before.Concat(after)) t.Dispose();
        return new StepOutcome(invariant.Check(model), updates, result.Losses[0]);
    }

    /// <summary>Each layer's down_proj region columns, copied to the CPU in fp32.</summary>
    private static List<Tensor> Region(LlamaForCausalLM model, Region region)
    {
        using var _ = no_grad();
        return Enumerable.Range(0, region.Shape.Layers).Where(l => region.NeuronsIn(l).Count > 0).Select(l =>
        {
            using var idx = tensor(region.NeuronsIn(l).Select(i => (long)i).ToArray(), device: model.Device);
            return model.DownProjWeights[l].index_select(1, idx).to(ScalarType.Float32).cpu().DetachFromDisposeScope();
        }).ToList();
    }
}
