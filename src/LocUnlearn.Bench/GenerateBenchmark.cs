using LocUnlearn.Data;
using LocUnlearn.Model;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench generate`: greedy decoding of a fixed number of new tokens (no EOS stop) with the KV cache against recomputing
/// the whole sequence every step, for one prompt and for a batch of 16 (<see cref="BenchSettings.GenerateBatches"/>),
/// on a random-weight model. Each repetition times one cached and one recomputed generation back to back and the
/// speedup is the median of those paired ratios: the load of a shared machine drifts between two separate medians.
/// </summary>
public static class GenerateBenchmark
{
    public const double SpeedupTarget = 5;
    public const int PromptLength = 20;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var shape = settings.Shape;
        using var model = new LlamaForCausalLM(shape.Config());
        model.InitializeWeights(settings.Seed);
        foreach (var p in model.parameters()) p.requires_grad_(false);
        var generator = new GreedyGenerator(model, [], padId: 0);
        var rng = SplitMix64.ForStream(settings.Seed, "bench/generate");
        var metrics = new List<BenchMetric>();
        var targets = new List<BenchTarget>();
        foreach (int batch in settings.GenerateBatches)
        {
            var prompts = Enumerable.Range(0, batch)
                .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, PromptLength).Select(_ => 3 + rng.NextInt(shape.Vocab - 3)).ToArray())
                .ToArray();
            double tokens = (double)batch * settings.NewTokens;
            var pairs = Timing.PairedRuns(() => generator.Generate(prompts, settings.NewTokens, useCache: true),
                () => generator.Generate(prompts, settings.NewTokens, useCache: false), settings.Warmup, settings.Repeats);
            double cached = Timing.Median(pairs.Select(p => p.First).ToArray());
            double recomputed = Timing.Median(pairs.Select(p => p.Second).ToArray());
            double speedup = Timing.Median(pairs.Select(p => p.Second / p.First).ToArray());
            metrics.Add(new($"batch{batch}.kv_cache.tokens_per_s", tokens / cached, "tokens/s"));
            metrics.Add(new($"batch{batch}.recompute.tokens_per_s", tokens / recomputed, "tokens/s"));
            metrics.Add(new($"batch{batch}.speedup", speedup, "ratio"));
            targets.Add(new($"KV cache vs recompute, batch {batch}", $">= {SpeedupTarget:0}x for {settings.NewTokens} new tokens",
                speedup, speedup >= SpeedupTarget));
        }
        var notes = new List<string>
        {
            $"Random-weight model (d={shape.Hidden}, L={shape.Layers}, V={shape.Vocab}); {PromptLength}-token random prompts, " +
            $"{settings.NewTokens} new tokens, no EOS stop; tokens/s counts new tokens of the whole batch.",
            $"speedup = median over {settings.Repeats} repetitions of (recompute time ÷ KV-cache time), " +
            $"both timed back to back after {settings.Warmup} warm-up pair(s); torch threads {TorchSharp.torch.get_num_threads()}.",
        };
        return new BenchCaseResult("generate", metrics, targets, notes);
    }
}
