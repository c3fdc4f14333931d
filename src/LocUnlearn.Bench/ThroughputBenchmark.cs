using System.Diagnostics;
using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench throughput --device D --dtype bf16 --config config.json`: training tokens/s of a random-weight model of an
/// HF config (or the bench shape) on D, full-parameter and on a 10% region, through the library's <see cref="Trainer"/>
/// (<see cref="MaskedAdamW"/> with an fp32 master copy for bf16, fp32 loss, clipping): each figure the median of
/// --repeats steps after --warmup, the clock read after a device synchronisation. Model FLOP utilisation against
/// --peak-tflops when given, and ES items/s of the one-pass <see cref="TeacherForcedScorer"/>.
/// </summary>
public static class ThroughputBenchmark
{
    private const int PromptLength = 12;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var device = BenchModels.ParseDevice(settings.Device);
        var dtype = BenchModels.ParseDType(settings.DType);
        var config = settings.ConfigFile is { } file ? LlamaConfig.Load(file) : settings.Shape.Config();
        int rows = settings.Shape.Batch, tokens = settings.Shape.Seq;
        using var model = BenchModels.RandomOnDevice(config, settings.Seed, device, dtype);
        using var ids = randint(3, config.VocabSize, [rows, tokens], dtype: ScalarType.Int64, generator: new Generator((ulong)settings.Seed)).to(device);
        Tensor Loss(int step, int micro) => CausalLmLoss.MeanNll(model.forward(ids), ids);
        var training = new TrainingConfig { Steps = settings.Warmup + settings.Repeats, LearningRate = 1e-5, WeightDecay = 0.01, MaxGradNorm = 1.0 };

        double full;
        using (var all = new FullParameterSet(model))
            full = Timing.Median(StepSeconds(all, training, Loss, settings.Warmup, device));
        foreach (var p in model.parameters()) p.requires_grad_(false);
        var region = RegionSampler.UniformGlobal(new RegionShape(config.NumHiddenLayers, config.IntermediateSize), StepBenchmark.RegionFraction, settings.Seed);
        double masked;
        using (var part = new RegionParameterSet(model, region))
            masked = Timing.Median(StepSeconds(part, training, Loss, settings.Warmup, device));
        double esRate = EsItemsPerSecond(model, settings, device);

        double flops = ModelFlops.TrainingStep(config, rows, tokens);
        var metrics = new List<BenchMetric>
        {
            new("parameters", model.parameters().Sum(p => p.numel()), "parameters"),
            new("step_tflop", flops / 1e12, "TFLOP"),
            new("full.step_s", full, "s"),
            new("full.tokens_per_s", rows * tokens / full, "tokens/s"),
            new("full.tflop_per_s", flops / full / 1e12, "TFLOP/s"),
            new("masked.step_s", masked, "s"),
            new("masked.tokens_per_s", rows * tokens / masked, "tokens/s"),
            new("es.items_per_s", esRate, "items/s"),
        };
        if (settings.PeakTflops > 0)
            metrics.Add(new("full.mfu", flops / full / 1e12 / settings.PeakTflops, "ratio"));
        var notes = new List<string>
        {
            $"Model: {settings.ConfigFile ?? "the bench shape"} ({config.NumHiddenLayers} layers, d={config.HiddenSize}, d_ff={config.IntermediateSize}, " +
            $"vocab {config.VocabSize}), random weights drawn on {device}, {dtype}; {rows} rows × {tokens} random tokens per step.",
            $"Median of {settings.Repeats} steps after {settings.Warmup} warm-up steps; AdamW lr 1e-5, weight decay 0.01, clipping 1.0; " +
            $"masked: {region.Count} value vectors ({StepBenchmark.RegionFraction:P0}).",
            $"FLOPs per step = 6·N·B·T + 12·L·T²·(heads·head_dim)·B, N = {ModelFlops.MatmulParameters(config):N0} matmul parameters" +
            (settings.PeakTflops > 0 ? $"; MFU against {settings.PeakTflops} TFLOP/s." : "."),
            $"ES: {settings.EsItems} items of {PromptLength} + {settings.AnswerLength} random tokens, " +
            $"batch {Math.Min(rows, settings.EsItems)}, median of {settings.Repeats} after {settings.Warmup}.",
        };
        return new BenchCaseResult("throughput", metrics, [], notes);
    }

    /// <summary>Seconds of each step after the warm-up, from the end of one step to the end of the next (device synchronised).</summary>
    private static double[] StepSeconds(ITrainableSet trainable, TrainingConfig config, Trainer.MicroBatchLoss loss, int warmup, Device device)
    {
        var seconds = new List<double>();
        long start = 0;
        Tensor Timed(int step, int micro)
        {
            if (step == 0 && micro == 0) start = Stopwatch.GetTimestamp();
            return loss(step, micro);
        }
        void OnStep(int step, double _)
        {
            Synchronize(device);
            if (step >= warmup)
                seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            start = Stopwatch.GetTimestamp();
        }
        new Trainer().Train(trainable, config, Timed, "bench throughput", OnStep);
        return seconds.ToArray();
    }

    private static double EsItemsPerSecond(LlamaForCausalLM model, BenchSettings settings, Device device)
    {
        var rng = SplitMix64.ForStream(settings.Seed, "bench/throughput-es");
        int vocab = model.Config.VocabSize;
        var items = Enumerable.Range(0, settings.EsItems).Select(_ =>
        {
            var ids = Enumerable.Range(0, PromptLength + settings.AnswerLength).Select(_ => 3L + rng.NextInt(vocab - 3)).ToArray();
            return new EncodedExample(ids, ids.Select((id, t) => t < PromptLength ? EncodedExample.IgnoreIndex : id).ToArray(), PromptLength);
        }).ToList();
        var scorer = new TeacherForcedScorer(model, padId: 0, [], batchSize: Math.Min(settings.Shape.Batch, items.Count));
        return items.Count / Timing.MedianRun(() =>
        {
            scorer.Score(items);
            Synchronize(device);
        }, settings.Warmup, settings.Repeats);
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
            cuda.synchronize(device);
    }
}
