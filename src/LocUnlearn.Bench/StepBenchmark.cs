using System.Diagnostics;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench step`: one training step (forward, loss, backward, clipping, <see cref="MaskedAdamW"/>) of a random-weight
/// LLaMA model on random tokens, through the library's own <see cref="Trainer"/> loop: full-parameter and confined to
/// a random region of 10% of the value vectors (<see cref="RegionParameterSet"/>). A Stopwatch breakdown of the same
/// step (forward / backward / clip / optimizer) shows where the time goes.
/// </summary>
public static class StepBenchmark
{
    public const double RegionFraction = 0.10;
    public const double MatmulShareTarget = 0.55;
    public const double MaskedRatioTarget = 1.10;
    /// <summary>Fewest discarded steps, whatever --warmup says: the first steps of a fresh random model ran 3-10×
    /// slower than later ones here (with 1-4 warm-up steps the full step measured 0.15 of matmul, with 10 it was 0.65).</summary>
    public const int MinimumWarmupSteps = 10;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var shape = settings.Shape;
        using var model = new LlamaForCausalLM(shape.Config());
        model.InitializeWeights(settings.Seed);
        using var ids = randint(3, shape.Vocab, [shape.Batch, shape.Seq], dtype: ScalarType.Int64, generator: new Generator((ulong)settings.Seed));
        Tensor Loss(int step, int micro) => CausalLmLoss.MeanNll(model.forward(ids), ids);
        double matmulGflops;
        int warmup = Math.Max(settings.Warmup, MinimumWarmupSteps);
        var config = new TrainingConfig { Steps = warmup + settings.Repeats, LearningRate = 1e-4, WeightDecay = 0.01, MaxGradNorm = 1.0 };

        using var matmul = new MatmulBenchmark(settings.MatmulSize);
        double fullSeconds, maskedSeconds, share;
        Breakdown fullParts, maskedParts;
        double flops = StepFlops(shape);
        using (var full = new FullParameterSet(model))
        {
            var pairs = PairedSteps(full, config, Loss, warmup, matmul);
            fullSeconds = Timing.Median(pairs.Select(p => p.Step).ToArray());
            share = Timing.Median(pairs.Select(p => flops / p.Step / (matmul.Flops / p.Matmul)).ToArray());
            matmulGflops = matmul.Flops / Timing.Median(pairs.Select(p => p.Matmul).ToArray()) / 1e9;
            fullParts = Profile(full, config, Loss, settings);
        }
        var region = RegionSampler.UniformGlobal(new RegionShape(shape.Layers, shape.Intermediate), RegionFraction, settings.Seed);
        using (var masked = new RegionParameterSet(model, region))
        {
            maskedSeconds = Timing.Median(PairedSteps(masked, config, Loss, warmup, null).Select(p => p.Step).ToArray());
            maskedParts = Profile(masked, config, Loss, settings);
        }

        double tokens = (double)shape.Batch * shape.Seq;
        double gflops = flops / fullSeconds / 1e9;
        double maskedRatio = maskedSeconds / fullSeconds;
        var metrics = new List<BenchMetric>
        {
            new("full.step_s", fullSeconds, "s"),
            new("full.tokens_per_s", tokens / fullSeconds, "tokens/s"),
            new("full.gflop_per_s", gflops, "GFLOP/s"),
            new("matmul.gflop_per_s", matmulGflops, "GFLOP/s"),
            new("full.matmul_share", share, "ratio"),
            new("masked.step_s", maskedSeconds, "s"),
            new("masked.tokens_per_s", tokens / maskedSeconds, "tokens/s"),
            new("masked_over_full", maskedRatio, "ratio"),
            new("step_gflop", flops / 1e9, "GFLOP"),
        };
        metrics.AddRange(fullParts.Metrics("full"));
        metrics.AddRange(maskedParts.Metrics("masked"));
        var targets = new List<BenchTarget>
        {
            new("step vs matmul throughput", $">= {MatmulShareTarget:0.00} of matmul GFLOP/s", share, share >= MatmulShareTarget),
            new("masked / full step time", $"<= {MaskedRatioTarget:0.00}", maskedRatio, maskedRatio <= MaskedRatioTarget),
        };
        var notes = Notes(settings, warmup, region.Count);
        return new BenchCaseResult("step", metrics, targets, notes);
    }

    private static List<string> Notes(BenchSettings settings, int warmup, long regionVectors)
    {
        var shape = settings.Shape;
        return
        [
            "FLOPs per step = 6·N·B·T + 12·L·T²·d·B (PaLM appendix B; attention counted without the causal halving), "
                + $"N = {shape.MatmulParameters():N0} matmul parameters (linear layers + lm_head, no embedding lookup).",
            $"Median of {settings.Repeats} steps after {warmup} warm-up steps "
                + $"(at least {MinimumWarmupSteps}: the first steps of a fresh model are much slower).",
            $"Model: d={shape.Hidden}, L={shape.Layers}, d_ff={shape.Intermediate}, V={shape.Vocab}, heads={shape.Heads}, "
                + $"batch {shape.Batch} × {shape.Seq} random tokens; AdamW (wd 0.01), clipping 1.0.",
            $"Masked: {regionVectors} of {shape.Layers * (long)shape.Intermediate} value vectors ({RegionFraction:P0}, uniform), "
                + "compact region deltas (RegionParameterSet).",
            $"Matmul: {settings.MatmulSize}² fp32, 2n³ FLOPs, one right after each measured full step; matmul_share = median over steps "
                + $"of (step GFLOP/s ÷ its matmul's GFLOP/s); torch threads {get_num_threads()}.",
        ];
    }

    /// <summary>6·N·tokens for the linear layers plus 12·L·T²·d·B for QKᵀ and AV (forward + backward).</summary>
    public static double StepFlops(BenchShape s) =>
        6.0 * s.MatmulParameters() * s.Batch * s.Seq + 12.0 * s.Layers * (double)s.Seq * s.Seq * s.Hidden * s.Batch;

    /// <summary>
    /// Per-step time of the library's <see cref="Trainer"/> (from the end of one step to the end of the next, so
    /// ZeroGrad counts), each measured step followed by one timed matmul when <paramref name="matmul"/> is given.
    /// </summary>
    private static List<(double Step, double Matmul)> PairedSteps(ITrainableSet trainable, TrainingConfig config,
        Trainer.MicroBatchLoss loss, int warmup, MatmulBenchmark? matmul)
    {
        var pairs = new List<(double, double)>();
        long start = 0;
        Tensor TimedLoss(int step, int micro)
        {
            if (step == 0) start = Stopwatch.GetTimestamp();
            return loss(step, micro);
        }
        void OnStep(int step, double _)
        {
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double matmulSeconds = matmul?.Seconds() ?? double.NaN;
            if (step >= warmup)
                pairs.Add((seconds, matmulSeconds));
            start = Stopwatch.GetTimestamp(); // the matmul is not part of the next step
        }
        new Trainer().Train(trainable, config, TimedLoss, "bench step", OnStep);
        return pairs;
    }

    /// <summary>Median seconds of each phase of the step, timed by hand around the same calls the Trainer makes.</summary>
    private static Breakdown Profile(ITrainableSet trainable, TrainingConfig config, Trainer.MicroBatchLoss loss, BenchSettings settings)
    {
        using var optimizer = new MaskedAdamW(trainable.Tensors, config);
        var parts = new List<double[]>();
        for (int i = 0; i < settings.Warmup + settings.Repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            TrainableGradients.Zero(trainable.Tensors);
            using var scope = NewDisposeScope();
            var l = loss(i, 0);
            l.item<float>(); // the Trainer's NaN check; on CPU the forward is already done, so this costs nothing
            long t1 = Stopwatch.GetTimestamp();
            l.backward();
            long t2 = Stopwatch.GetTimestamp();
            TrainableGradients.ClipGlobalNorm(trainable.Tensors, config.MaxGradNorm);
            long t3 = Stopwatch.GetTimestamp();
            optimizer.Step(config.LearningRate);
            long t4 = Stopwatch.GetTimestamp();
            if (i >= settings.Warmup)
                parts.Add([Seconds(t0, t1), Seconds(t1, t2), Seconds(t2, t3), Seconds(t3, t4)]);
        }
        return new Breakdown(Enumerable.Range(0, 4).Select(j => Timing.Median(parts.Select(p => p[j]).ToArray())).ToArray());
    }

    private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    private sealed record Breakdown(double[] Seconds)
    {
        private static readonly string[] Names = ["forward_s", "backward_s", "clip_s", "optimizer_s"];

        public IEnumerable<BenchMetric> Metrics(string prefix) =>
            Names.Select((n, i) => new BenchMetric($"{prefix}.{n}", Seconds[i], "s"));
    }
}
