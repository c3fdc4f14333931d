using LocUnlearn.Evaluation;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Model.Checkpoints;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench es --model DIR [--data DIR]`: Extraction Strength over the forget + retain evaluation sets of a real model, the
/// way the study computes it (<see cref="ModelEvaluator"/> on the ES-only <see cref="EvaluationSuite"/>: the run's
/// evaluation settings when the model lies in a run directory, else `eval`'s defaults), against the generation
/// reference (<see cref="ExtractionStrengthAudit"/>) on the same items. Both rates are items over total seconds.
/// </summary>
public static class EvaluationSetEsBenchmark
{
    public static BenchCaseResult Run(BenchSettings settings)
    {
        string modelDir = settings.ModelDirectory ?? throw new ArgumentException("bench es: no --model given.");
        using var data = StandaloneData.Load(new ModelDataOptions { ModelDir = modelDir, DataDir = settings.DataDirectory });
        var runSettings = StandaloneData.RunEvaluationSettings(modelDir);
        var evaluationSettings = (runSettings ?? new EvaluationSettings { ForgetSplit = data.ForgetSplit.Name, RetainSplit = data.RetainSplit.Name })
            with { Metrics = EvaluationMetrics.Es };
        var suite = EvaluationSuite.Prepare(data.Reader, data.Encoder, evaluationSettings);
        using var model = ModelFolder.Load(modelDir);

        var evaluator = new ModelEvaluator(suite);
        ModelEvaluation evaluation = null!;
        double onePassSeconds = Timing.MedianRun(() => evaluation = evaluator.Evaluate(model), settings.Warmup, settings.Repeats);
        var audit = ExtractionStrengthAudit.Run(model, suite, evaluation);

        int items = audit.Items.Count, forget = audit.ForgetItems;
        double onePassRate = items / onePassSeconds;
        double referenceRate = items / audit.Seconds;
        double speedup = onePassRate / referenceRate;
        var metrics = new List<BenchMetric>
        {
            new("items", items, "items"),
            new("forget_items", forget, "items"),
            new("retain_items", items - forget, "items"),
            new("mean_answer_tokens", audit.Items.Average(i => i.AnswerLength), "tokens"),
            new("one_pass.items_per_s", onePassRate, "items/s"),
            new("generation.items_per_s", referenceRate, "items/s"),
            new("speedup", speedup, "ratio"),
            new("agreeing_items", audit.Agreeing, "items"),
            new("forget_es.one_pass", evaluation.Metrics["forget_extraction_strength"].AggValue, "ES"),
            new("forget_es.generation", ExtractionStrength.Mean(audit.Items.Take(forget).ToArray()), "ES"),
            new("retain_es.one_pass", evaluation.Metrics["retain_extraction_strength"].AggValue, "ES"),
            new("retain_es.generation", ExtractionStrength.Mean(audit.Items.Skip(forget).ToArray()), "ES"),
        };
        var targets = new List<BenchTarget>
        {
            new("ES one-pass vs generation", $">= {EsBenchmark.SpeedupTarget:0}x items/s", speedup, speedup >= EsBenchmark.SpeedupTarget),
            new("ES values agree", $"{items}/{items} items equal k*", audit.Agreeing, audit.AllAgree),
        };
        var config = model.Config;
        var notes = new List<string>
        {
            $"Model {modelDir} (d={config.HiddenSize}, L={config.NumHiddenLayers}, V={config.VocabSize}); data {data.Folder}.",
            $"Evaluation sets: {suite.Forget!.Name} ({forget} items) + first {items - forget} rows of {suite.Retain!.Name} " +
            $"({(runSettings is null ? "eval's defaults" : "the run's evaluation settings")}, batch {evaluationSettings.BatchSize}).",
            $"One-pass: ModelEvaluator with ES only, median of {settings.Repeats} after {settings.Warmup} warm-up; generation: one sweep of " +
            "every item (T greedy decodings per item, its prefixes batched), total time.",
        };
        return new BenchCaseResult("es", metrics, targets, notes);
    }
}
