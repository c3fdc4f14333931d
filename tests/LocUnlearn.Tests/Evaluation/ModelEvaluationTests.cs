using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Evaluation;

public class ModelEvaluationTests(ModelEvaluationFixture fixture) : IClassFixture<ModelEvaluationFixture>
{
    private static readonly EvaluationSettings Small = new() { RetainItems = 24, MaxNewTokens = 24 };

    private TeacherForcedScorer Scorer(LlamaForCausalLM model, int batchSize) => new(model, 0, fixture.ExcludedTargets, batchSize);

    /// <summary>Examples of the random model whose answers are its own greedy continuation with one token replaced at a
    /// random place (or none): a random model reproduces nothing of the real answers, so this is what gives it every k*.</summary>
    private List<EncodedExample> SelfGeneratedAnswers(LlamaForCausalLM model)
    {
        var rng = new Random(7);
        var prompts = fixture.ForgetExamples.Concat(fixture.RetainExamples.Take(14))
            .Select(e => (IReadOnlyList<int>)e.InputIds.Take(e.PromptLength).Select(id => (int)id).ToArray()).ToArray();
        var continuations = new GreedyGenerator(model, [], 0).Generate(prompts, 8);
        var examples = new List<EncodedExample>();
        for (int i = 0; i < prompts.Length; i++)
        {
            // Only ids other than EOS, so no excluded target lands inside an answer.
            var answer = continuations[i].Select(id => id == fixture.Encoder.EosId ? 5L : id).ToArray();
            int flip = rng.Next(answer.Length + 1);
            if (flip < answer.Length) answer[flip] = 4 + (answer[flip] + 1 + rng.Next(20)) % (fixture.Config.VocabSize - 4);
            long[] ids = [.. prompts[i].Select(id => (long)id), .. answer, fixture.Encoder.EosId];
            long[] labels = [.. prompts[i].Select(_ => EncodedExample.IgnoreIndex), .. answer, fixture.Encoder.EosId];
            examples.Add(new EncodedExample(ids, labels, prompts[i].Count));
        }
        return examples;
    }

    [Fact]
    public void OnePassEsEqualsGenerationReferenceOnEveryItemOfARandomAndATrainedModel()
    {
        var cases = new (LlamaForCausalLM Model, IReadOnlyList<EncodedExample> Examples)[]
        {
            (fixture.RandomModel, SelfGeneratedAnswers(fixture.RandomModel)),
            (fixture.RandomModel, [.. fixture.ForgetExamples, .. fixture.RetainExamples.Take(12)]),
            (fixture.TrainedModel, [.. fixture.ForgetExamples, .. fixture.RetainExamples.Take(30)]),
        };
        foreach (var (model, examples) in cases)
        {
            var onePass = Scorer(model, 16).Score(examples).Select(s => s.ExtractionStrength).ToArray();
            var reference = new GenerationExtractionStrength(model, fixture.ExcludedTargets, 0);
            for (int i = 0; i < examples.Count; i++)
                Assert.Equal(reference.Compute(examples[i]), onePass[i]);
        }
        // The comparison is only meaningful when it covers k* = 0, 0 < k* < T and k* = T.
        var trained = Scorer(fixture.TrainedModel, 16).Score(fixture.RetainExamples).Select(s => s.ExtractionStrength).ToArray();
        var random = Scorer(fixture.RandomModel, 16).Score(SelfGeneratedAnswers(fixture.RandomModel)).Select(s => s.ExtractionStrength).ToArray();
        var all = trained.Concat(random).ToArray();
        Assert.Contains(all, e => e.KStar == 0);
        Assert.Contains(all, e => e.KStar == e.AnswerLength);
        Assert.True(trained.Count(e => e.KStar > 0 && e.KStar < e.AnswerLength) >= 3, "the trained model should partly reproduce several answers");
    }

    [Fact]
    public void BatchedLogProbsEqualOneExampleAtATime()
    {
        var model = fixture.TrainedModel;
        var examples = fixture.RetainExamples.Take(20).Concat(fixture.ForgetExamples).ToArray();
        var batched = Scorer(model, 16).Score(examples);
        using var _ = no_grad();
        for (int i = 0; i < examples.Length; i++)
        {
            using var scope = NewDisposeScope();
            var e = examples[i];
            var ids = tensor(e.InputIds, [1, e.Length]);
            var labels = tensor(e.Labels, [1, e.Length]);
            var (logProb, count) = CausalLmLoss.SequenceLogProbs(model.forward(ids), labels);
            Assert.Equal(logProb.item<float>(), batched[i].LogProb.LogProbSum, 1e-4);
            Assert.Equal(e.AnswerLength, batched[i].LogProb.TokenCount); // answer tokens + EOS
            Assert.Equal((int)count.item<float>(), batched[i].LogProb.TokenCount);
        }
    }

    [Fact]
    public void EvaluationDoesNotDependOnTheBatchSize()
    {
        var one = Evaluate(fixture.TrainedModel, Small with { BatchSize = 1, GenerationBatchSize = 1 });
        var sixteen = Evaluate(fixture.TrainedModel, Small with { BatchSize = 16, GenerationBatchSize = 16 });
        Assert.Equal(one.Metrics.Keys.Order(), sixteen.Metrics.Keys.Order());
        foreach (var (name, result) in one.Metrics)
        {
            var other = sixteen.Metrics[name];
            Assert.True(Math.Abs(result.AggValue - other.AggValue) <= 1e-5, $"{name}: {result.AggValue} vs {other.AggValue}");
            foreach (var (index, item) in result.ValueByIndex)
            {
                var twin = other.ValueByIndex[index];
                Assert.Equal(item.KStar, twin.KStar);
                Assert.Equal(item.Generation, twin.Generation);
                foreach (var (a, b) in new[] { (item.Prob, twin.Prob), (item.TruthRatio, twin.TruthRatio), (item.AvgLoss, twin.AvgLoss) })
                    Assert.True(a is null == b is null && Math.Abs((a ?? 0) - (b ?? 0)) <= 1e-5 * Math.Max(1, Math.Abs(a ?? 0)),
                        $"{name}[{index}]: {a} vs {b}");
            }
        }
    }

    [Fact]
    public void EndToEndOnTheTinyWorldGivesValuesInRangeAndFqOfTheRetainModelAgainstItselfIsOne()
    {
        var evaluator = new ModelEvaluator(EvaluationSuite.Prepare(fixture.Reader, fixture.Encoder, Small));
        // θr's ratios from an fq-only evaluation (what a run computes once) are bit-identical to a full evaluation's.
        var retainModel = Evaluate(fixture.TrainedModel, Small with { Metrics = EvaluationMetrics.Fq });
        Assert.True(double.IsNaN(retainModel.Point.Log10ForgetQuality)); // no θr ratios given
        Assert.Equal(retainModel.ForgetTruthRatios, evaluator.Evaluate(fixture.TrainedModel).ForgetTruthRatios);
        var self = evaluator.Evaluate(fixture.TrainedModel, retainModel.ForgetTruthRatios);
        var other = evaluator.Evaluate(fixture.RandomModel, retainModel.ForgetTruthRatios);

        Assert.Equal(0.0, self.Point.Log10ForgetQuality);
        Assert.Equal(1.0, self.Metrics["forget_quality"].AggValue);
        foreach (var e in new[] { self, other })
        {
            var p = e.Point;
            Assert.InRange(p.ForgetScore, 0, 1);
            Assert.InRange(p.RetainScore, 0, 1);
            Assert.InRange(p.ModelUtility, 0, 1);
            Assert.InRange(p.Log10ForgetQuality, -324, 0);
            Assert.Equal(fixture.ForgetExamples.Count, e.ForgetTruthRatios!.Count);
            Assert.All(e.ForgetTruthRatios, r => Assert.True(r > 0 && double.IsFinite(r)));
            string[] expected =
            [
                "forget_extraction_strength", "retain_extraction_strength", "forget_score", "retain_score", "forget_truth_ratio",
                "forget_quality", "log10_forget_quality", "retain_Q_A_Prob", "retain_Q_A_ROUGE", "retain_Truth_Ratio",
                "ra_Q_A_Prob_normalised", "ra_Q_A_ROUGE", "ra_Truth_Ratio", "wf_Q_A_Prob_normalised", "wf_Q_A_ROUGE", "wf_Truth_Ratio",
                "model_utility",
            ];
            Assert.Equal(expected.Order(), e.Metrics.Keys.Order());
            Assert.Equal(Small.RetainItems, e.Metrics["retain_extraction_strength"].ValueByIndex.Count);
            Assert.All(e.Metrics.Values.SelectMany(m => m.ValueByIndex.Values), item =>
            {
                if (item.Es is { } es) Assert.InRange(es, 0, 1);
                if (item.Prob is { } prob) Assert.InRange(prob, 0, 1);
                if (item.RougeLRecall is { } rouge) Assert.InRange(rouge, 0, 1);
            });
        }
        // Training on retain90 (which holds retain_perturbed's rows) makes the trained model the better retain model. It never
        // saw world facts, so its wf ROUGE (and with it the harmonic-mean MU) may well be 0: check MU is the hmean of the 9.
        Assert.True(self.Point.RetainScore > other.Point.RetainScore);
        foreach (string name in new[] { "retain_Q_A_Prob", "retain_Q_A_ROUGE", "retain_Truth_Ratio" })
            Assert.True(self.Metrics[name].AggValue > other.Metrics[name].AggValue, name);
        foreach (var e in new[] { self, other })
        {
            UtilityComponents Split(string p, string prob) =>
                new(e.Metrics[$"{p}_{prob}"].AggValue, e.Metrics[$"{p}_Q_A_ROUGE"].AggValue, e.Metrics[$"{p}_Truth_Ratio"].AggValue);
            Assert.Equal(ModelUtility.Compute(Split("retain", "Q_A_Prob"), Split("ra", "Q_A_Prob_normalised"), Split("wf", "Q_A_Prob_normalised")),
                e.Point.ModelUtility);
        }

        using var folder = new TempFolder();
        string path = System.IO.Path.Combine(folder.Path, "eval.json");
        MetricResultsJson.Write(path, self.Metrics);
        var read = MetricResultsJson.Read(path);
        Assert.Equal(self.Metrics["model_utility"].AggValue, read["model_utility"].AggValue);
        Assert.Equal(self.Metrics["retain_Q_A_ROUGE"].ValueByIndex[0].Generation, read["retain_Q_A_ROUGE"].ValueByIndex[0].Generation);
    }

    [Fact]
    public void ForgetAndRetainScoresAreExactlyOneMinusForgetEsAndRetainEs()
    {
        var e = Evaluate(fixture.TrainedModel, Small with { Metrics = EvaluationMetrics.Es });
        double forgetEs = e.Metrics["forget_extraction_strength"].AggValue, retainEs = e.Metrics["retain_extraction_strength"].AggValue;

        Assert.Equal(1 - forgetEs, e.Point.ForgetScore);
        Assert.Equal(retainEs, e.Point.RetainScore);
        Assert.Equal(1 - forgetEs, e.Metrics["forget_score"].AggValue);
        Assert.Equal(retainEs, e.Metrics["retain_score"].AggValue);
        // The aggregates are the means of the per-item ES = 1 - k*/T, over every forget row and the first RetainItems rows.
        foreach (var (name, count) in new[] { ("forget_extraction_strength", fixture.ForgetExamples.Count), ("retain_extraction_strength", Small.RetainItems) })
        {
            var items = e.Metrics[name].ValueByIndex;
            Assert.Equal(Enumerable.Range(0, count), items.Keys.Order());
            Assert.All(items.Values, i => Assert.Equal(1 - (double)i.KStar!.Value / i.AnswerTokens!.Value, i.Es!.Value, 15));
            Assert.Equal(Enumerable.Range(0, count).Average(i => items[i].Es!.Value), e.Metrics[name].AggValue, 14);
        }
        // A trained model that partly reproduces retain answers: RS is not a trivial 0 or 1.
        Assert.InRange(e.Point.RetainScore, 1e-9, 1 - 1e-9);
    }

    /// <summary>Every per-item value carries its item's token counts: the prompt's, and the answer's without the appended EOS
    /// (the plain template adds no end-of-turn token), as the PromptEncoder encodes the (question, answer) row.</summary>
    [Fact]
    public void EveryItemCarriesThePromptAndAnswerTokenCountsOfItsRow()
    {
        var e = Evaluate(fixture.RandomModel, Small with { MaxUtilityItems = 5, MaxNewTokens = 4 });
        EncodedExample[] Rows(string split) => fixture.Reader.LoadPerturbed(split).Items
            .Select(i => fixture.Encoder.Encode(i.Question, i.Answer, i.Source.ToString())).ToArray();
        var splitOf = new Dictionary<string, IReadOnlyList<EncodedExample>>
        {
            ["forget_extraction_strength"] = fixture.ForgetExamples,
            ["retain_extraction_strength"] = fixture.RetainExamples,
            ["forget_truth_ratio"] = Rows(TofuSplits.Perturbed("forget10")),
        };
        foreach (var (prefix, split) in new[] { ("retain", TofuSplits.RetainPerturbed), ("ra", TofuSplits.RealAuthorsPerturbed), ("wf", TofuSplits.WorldFactsPerturbed) })
        {
            var rows = Rows(split);
            foreach (var name in e.Metrics.Keys.Where(k => k.StartsWith(prefix + "_Q_A_", StringComparison.Ordinal) || k == prefix + "_Truth_Ratio"))
                splitOf[name] = rows;
        }
        Assert.Equal(e.Metrics.Where(m => m.Value.ValueByIndex.Count > 0).Select(m => m.Key).Order(), splitOf.Keys.Order());
        Assert.Equal(12, splitOf.Count); // 2 ES, forget truth ratio, 3 × (probability, ROUGE, truth ratio) on the utility splits
        foreach (var (name, rows) in splitOf)
        {
            foreach (var (index, item) in e.Metrics[name].ValueByIndex)
            {
                Assert.True(item.PromptTokens == rows[index].PromptLength, $"{name}[{index}]: prompt_tokens {item.PromptTokens}, encoded {rows[index].PromptLength}");
                Assert.True(item.AnswerTokens == rows[index].AnswerLength - 1, $"{name}[{index}]: answer_tokens {item.AnswerTokens}, encoded {rows[index].AnswerLength - 1} + EOS");
            }
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    [InlineData(400)]
    public void ForgetQualityOfIdenticalTruthRatiosIsExactlyOne(int n)
    {
        var rng = new Random(n);
        var ratios = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 4 - 2)).ToArray();
        Assert.Equal(1.0, ForgetQuality.Compute(ratios, ratios.Reverse().ToArray()).PValue);
        Assert.Equal(0.0, ForgetQuality.Log10(1.0));
    }

    [Fact]
    public void SelectedMetricGroupsOnlyLoadAndComputeWhatTheyNeed()
    {
        var es = Evaluate(fixture.RandomModel, Small with { Metrics = EvaluationMetrics.Es });
        Assert.False(double.IsNaN(es.Point.ForgetScore));
        Assert.True(double.IsNaN(es.Point.ModelUtility) && double.IsNaN(es.Point.Log10ForgetQuality));
        Assert.Null(es.ForgetTruthRatios);
        Assert.DoesNotContain(es.Metrics.Keys, k => k.Contains("ROUGE"));
        Assert.Equal(EvaluationMetrics.Es | EvaluationMetrics.Mu, EvaluationMetricsParser.Parse("mu, es"));
        Assert.Throws<ArgumentException>(() => EvaluationMetricsParser.Parse("es,bleu"));
    }

    [Fact]
    public void AMissingSplitFileIsNamedInTheError()
    {
        using var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(fixture.DataFolder).Where(f => !f.EndsWith("world_facts_perturbed.json")))
            File.Copy(file, System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(file)));
        var e = Assert.Throws<TofuFormatException>(() => EvaluationSuite.Prepare(new TofuReader(folder.Path), fixture.Encoder, Small));
        Assert.Contains(System.IO.Path.Combine(folder.Path, "world_facts_perturbed.json"), e.Message);
        // Without model utility the file is not needed.
        EvaluationSuite.Prepare(new TofuReader(folder.Path), fixture.Encoder, Small with { Metrics = EvaluationMetrics.Es | EvaluationMetrics.Fq });
    }

    private ModelEvaluation Evaluate(LlamaForCausalLM model, EvaluationSettings settings) =>
        new ModelEvaluator(EvaluationSuite.Prepare(fixture.Reader, fixture.Encoder, settings)).Evaluate(model);
}
