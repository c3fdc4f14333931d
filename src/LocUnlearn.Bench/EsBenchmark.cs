using System.Diagnostics;
using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench es`: Extraction Strength of one split by the one-pass <see cref="TeacherForcedScorer"/> against the
/// generation reference <see cref="GenerationExtractionStrength"/> (T + 1 greedy decodings per item), on a random-weight
/// model. Items have random prompts and answers of TOFU-like length built from the model's own greedy output with one
/// token replaced at a chosen position c, so the true k* is c + 1 and ES spreads over [0, 1] instead of being 0 for every
/// item (random answers) — both methods must then find the same k* for every item.
/// </summary>
public static class EsBenchmark
{
    public const double SpeedupTarget = 50;
    private const int PromptLength = 12;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var shape = settings.Shape;
        var config = shape.Config(initializerRange: 0.1);
        using var model = new LlamaForCausalLM(config);
        model.InitializeWeights(settings.Seed);
        foreach (var p in model.parameters()) p.requires_grad_(false);
        var items = Items(model, settings);
        long[] noExcluded = [];

        var scorer = new TeacherForcedScorer(model, padId: 0, noExcluded, batchSize: Math.Min(shape.Batch, items.Count));
        TeacherForcedScore[] onePass = [];
        double onePassSeconds = Timing.MedianRun(() => onePass = scorer.Score(items), settings.Warmup, settings.Repeats);

        // The reference is slow, so each item is one repetition and the median item time sets its rate.
        var reference = new GenerationExtractionStrength(model, noExcluded, padId: 0);
        var referenceItems = new ExtractionStrengthItem[items.Count];
        var itemSeconds = new double[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            referenceItems[i] = reference.Compute(items[i]);
            itemSeconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        int agree = Enumerable.Range(0, items.Count).Count(i => onePass[i].ExtractionStrength == referenceItems[i]);
        double onePassRate = items.Count / onePassSeconds;
        double referenceRate = 1 / Timing.Median(itemSeconds);
        double speedup = onePassRate / referenceRate;
        var metrics = new List<BenchMetric>
        {
            new("items", items.Count, "items"),
            new("answer_tokens", settings.AnswerLength, "tokens"),
            new("one_pass.items_per_s", onePassRate, "items/s"),
            new("generation.items_per_s", referenceRate, "items/s"),
            new("speedup", speedup, "ratio"),
            new("agreeing_items", agree, "items"),
            new("mean_es.one_pass", ExtractionStrength.Mean(onePass.Select(s => s.ExtractionStrength).ToArray()), "ES"),
            new("mean_es.generation", ExtractionStrength.Mean(referenceItems), "ES"),
        };
        var targets = new List<BenchTarget>
        {
            new("ES one-pass vs generation", $">= {SpeedupTarget:0}x items/s", speedup, speedup >= SpeedupTarget),
            new("ES values agree", $"{items.Count}/{items.Count} items equal k*", agree, agree == items.Count),
        };
        var notes = new List<string>
        {
            $"Random-weight model (d={shape.Hidden}, L={shape.Layers}, V={shape.Vocab}, init std 0.1 so greedy argmaxes are not near-ties).",
            $"{items.Count} items: {PromptLength} random prompt tokens, {settings.AnswerLength}-token answers = the model's greedy output " +
            "with one token replaced at position c (k* = c + 1; some untouched, ES = 1).",
            $"One-pass: batch {Math.Min(shape.Batch, items.Count)}, median of {settings.Repeats}; " +
            "generation: median item time (KV-cache decoding of all T prefixes of an item in one batch).",
        };
        return new BenchCaseResult("es", metrics, targets, notes);
    }

    /// <summary>Items whose true k* is known: greedy continuation, one wrong token at c, greedy again after it.</summary>
    private static List<EncodedExample> Items(LlamaForCausalLM model, BenchSettings settings)
    {
        int t = settings.AnswerLength, vocab = settings.Shape.Vocab;
        var rng = SplitMix64.ForStream(settings.Seed, "bench/es-items");
        var prompts = Enumerable.Range(0, settings.EsItems)
            .Select(_ => Enumerable.Range(0, PromptLength).Select(_ => 3 + rng.NextInt(vocab - 3)).ToArray()).ToArray();
        var generator = new GreedyGenerator(model, [], padId: 0);
        var greedy = generator.Generate(prompts, t);
        // c = -1 keeps the greedy answer (ES = 1); otherwise spread c over the answer.
        var cut = Enumerable.Range(0, prompts.Length).Select(i => i % 4 == 0 ? -1 : rng.NextInt(t)).ToArray();
        var heads = prompts.Select((p, i) => cut[i] < 0
            ? greedy[i]
            : greedy[i].Take(cut[i]).Append(3 + (greedy[i][cut[i]] - 3 + 1 + rng.NextInt(vocab - 4)) % (vocab - 3)).ToArray()).ToArray();
        var tails = generator.Generate(prompts.Select((p, i) => (IReadOnlyList<int>)p.Concat(heads[i]).ToArray()).ToArray(), t);
        return prompts.Select((p, i) =>
        {
            var answer = heads[i].Concat(tails[i]).Take(t).Select(id => (long)id).ToArray();
            var ids = p.Select(id => (long)id).Concat(answer).ToArray();
            var labels = ids.Select((id, j) => j < PromptLength ? EncodedExample.IgnoreIndex : id).ToArray();
            return new EncodedExample(ids, labels, PromptLength);
        }).ToList();
    }
}
