using System.Diagnostics;
using LocUnlearn.Data;
using LocUnlearn.Model;

namespace LocUnlearn.Evaluation;

/// <summary>
/// Runs a model over a prepared <see cref="EvaluationSuite"/> and computes FS, RS, log10 forget quality and model
/// utility (SPEC 9). Every example goes through one sorted, batched teacher-forced sweep per metric group (ES and
/// log-probabilities come from the same logits); greedy generation for ROUGE runs once over all utility prompts.
/// Metric names follow OpenUnlearning (retain_Q_A_Prob, ra_Q_A_Prob_normalised, wf_Truth_Ratio, ...).
/// </summary>
public sealed class ModelEvaluator(EvaluationSuite suite)
{
    public EvaluationSuite Suite { get; } = suite;

    /// <param name="referenceForgetTruthRatios">θr's per-item forget truth ratios (its own
    /// <see cref="ModelEvaluation.ForgetTruthRatios"/>); null skips forget quality (NaN in the point).</param>
    public ModelEvaluation Evaluate(LlamaForCausalLM model, IReadOnlyList<double>? referenceForgetTruthRatios = null)
    {
        var clock = Stopwatch.StartNew();
        var encoder = Suite.Encoder;
        var eosIds = model.Config.EosTokenIds.Append(encoder.EosId).ToHashSet();
        int padId = model.Config.PadTokenId ?? encoder.EosId;

        var sweep = new ExampleSweep();
        var forgetRows = Suite.Forget?.Examples.Select(sweep.Add).ToArray();
        var retainRows = Suite.Retain?.Examples.Select(sweep.Add).ToArray();
        sweep.EndGroup();
        var perturbedSplits = (Suite.ForgetPerturbed is { } fp ? [fp] : Array.Empty<PerturbedSplit>()).Concat(Suite.Utility).ToArray();
        var perturbedRows = perturbedSplits.Select(s =>
        {
            var rows = s.Items.Select(item => new PerturbedRows(
                sweep.Add(item.Answer), sweep.Add(item.TruthRatioCorrect), item.Perturbed.Select(sweep.Add).ToArray())).ToArray();
            if (ReferenceEquals(s, Suite.ForgetPerturbed)) sweep.EndGroup();
            return rows;
        }).ToArray();
        sweep.EndGroup();

        var scorer = new TeacherForcedScorer(model, padId, eosIds.Select(i => (long)i).ToArray(), Suite.Settings.BatchSize);
        var scores = sweep.Groups.SelectMany(g => scorer.Score(sweep.Examples[g])).ToArray();

        var metrics = new Dictionary<string, MetricResult>();
        double fs = double.NaN, rs = double.NaN, log10Fq = double.NaN, mu = double.NaN;
        if (forgetRows is not null && retainRows is not null)
        {
            double forgetEs = AddExtractionStrength(metrics, "forget", Suite.Forget!, forgetRows, scores);
            double retainEs = AddExtractionStrength(metrics, "retain", Suite.Retain!, retainRows, scores);
            fs = 1 - forgetEs;
            rs = retainEs;
            metrics["forget_score"] = MetricResult.Create(fs, []);
            metrics["retain_score"] = MetricResult.Create(rs, []);
        }

        double[]? forgetRatios = null;
        var utility = new List<UtilityComponents>();
        string[][] generations = Generate(model, eosIds, padId);
        int utilityOffset = Suite.ForgetPerturbed is null ? 0 : 1; // perturbedSplits = [forget_perturbed?, ..utility]
        for (int s = 0; s < perturbedSplits.Length; s++)
        {
            var split = perturbedSplits[s];
            var ratios = perturbedRows[s]
                .Select(r => TruthRatio.Compute(scores[r.Correct].LogProb, r.Perturbed.Select(p => scores[p].LogProb).ToArray()))
                .ToArray();
            if (ReferenceEquals(split, Suite.ForgetPerturbed))
            {
                forgetRatios = ratios;
                metrics["forget_truth_ratio"] = MetricResult.Create(TruthRatio.CloserToOneScore(ratios),
                    split.Items.Select((item, i) => Counted(item, scores, perturbedRows[s][i]) with { TruthRatio = ratios[i] }));
                if (referenceForgetTruthRatios is not null)
                {
                    double p = ForgetQuality.Compute(ratios, referenceForgetTruthRatios).PValue;
                    log10Fq = ForgetQuality.Log10(p);
                    metrics["forget_quality"] = MetricResult.Create(p, []);
                    metrics["log10_forget_quality"] = MetricResult.Create(log10Fq, []);
                }
                continue;
            }
            utility.Add(AddUtilitySplit(metrics, split, perturbedRows[s], ratios, scores, generations[s - utilityOffset]));
        }
        if (utility.Count == 3)
        {
            mu = ModelUtility.Compute(utility[0], utility[1], utility[2]);
            metrics["model_utility"] = MetricResult.Create(mu, []);
        }
        return new ModelEvaluation(new TradeOffPoint(fs, rs, log10Fq, mu), forgetRatios, metrics, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Greedy answers of every utility split, generated together (one list per split).</summary>
    private string[][] Generate(LlamaForCausalLM model, IReadOnlyCollection<int> eosIds, int padId)
    {
        if (Suite.Utility.Count == 0)
            return [];
        var prompts = Suite.Utility.SelectMany(s => s.Items.Select(i => i.Prompt)).ToArray();
        var generator = new BatchedAnswerGenerator(model, Suite.Tokenizer, eosIds, padId, Suite.Settings.GenerationBatchSize);
        string[] texts = generator.Generate(prompts, Suite.Settings.MaxNewTokens);
        var result = new string[Suite.Utility.Count][];
        int offset = 0;
        for (int s = 0; s < Suite.Utility.Count; s++)
        {
            result[s] = texts[offset..(offset + Suite.Utility[s].Items.Count)];
            offset += Suite.Utility[s].Items.Count;
        }
        return result;
    }

    private static double AddExtractionStrength(Dictionary<string, MetricResult> metrics, string prefix, EncodedSplit split, int[] rows,
        TeacherForcedScore[] scores)
    {
        var items = rows.Select(row => scores[row].ExtractionStrength).ToArray();
        double mean = ExtractionStrength.Mean(items);
        metrics[$"{prefix}_extraction_strength"] = MetricResult.Create(mean, items.Select((es, index) =>
            Counted(index, split.Examples[index], es) with { KStar = es.KStar, Es = es.Value }));
        return mean;
    }

    /// <summary>An item's token counts: its prompt, and its answer as Extraction Strength scores it (T: the answer's
    /// tokens without the trailing EOS / end-of-turn targets), whichever metric the item belongs to.</summary>
    private static ItemMetrics Counted(int index, EncodedExample example, ExtractionStrengthItem es) =>
        new() { Index = index, PromptTokens = example.PromptLength, AnswerTokens = es.AnswerLength };

    /// <summary><see cref="Counted(int, EncodedExample, ExtractionStrengthItem)"/> of a perturbed item's (question, answer) example.</summary>
    private static ItemMetrics Counted(PerturbedItem item, TeacherForcedScore[] scores, PerturbedRows rows) =>
        Counted(item.Index, item.Answer, scores[rows.Answer].ExtractionStrength);

    private static UtilityComponents AddUtilitySplit(Dictionary<string, MetricResult> metrics, PerturbedSplit split, PerturbedRows[] rows,
        double[] ratios, TeacherForcedScore[] scores, string[] generations)
    {
        var probabilities = rows.Select(r => split.ProbabilityWithOptions
            ? Probability.WithOptions(scores[r.Answer].LogProb, r.Perturbed.Select(p => scores[p].LogProb).ToArray())
            : Probability.OfAnswer(scores[r.Answer].LogProb)).ToArray();
        var rouge = split.Items.Select((item, i) => RougeL.Recall(item.Reference, generations[i])).ToArray();
        string p = split.MetricPrefix;
        var components = new UtilityComponents(Probability.Mean(probabilities), rouge.Average(), TruthRatio.Score(ratios));
        metrics[split.ProbabilityWithOptions ? $"{p}_Q_A_Prob_normalised" : $"{p}_Q_A_Prob"] = MetricResult.Create(components.Probability,
            split.Items.Select((item, i) => Counted(item, scores, rows[i]) with
            {
                Prob = probabilities[i],
                AvgLoss = -scores[rows[i].Answer].LogProb.MeanLogProb,
            }));
        metrics[$"{p}_Q_A_ROUGE"] = MetricResult.Create(components.RougeLRecall, split.Items.Select((item, i) => Counted(item, scores, rows[i]) with
        {
            RougeLRecall = rouge[i],
            Generation = generations[i],
            GroundTruth = item.Reference,
        }));
        metrics[$"{p}_Truth_Ratio"] = MetricResult.Create(components.TruthRatioScore,
            split.Items.Select((item, i) => Counted(item, scores, rows[i]) with { TruthRatio = ratios[i] }));
        return components;
    }

    /// <summary>Positions in the sweep of one perturbed item's answer, truth-ratio reference and perturbed answers.</summary>
    private sealed record PerturbedRows(int Answer, int Correct, int[] Perturbed);

    /// <summary>
    /// Collects the examples of every split for the scoring sweep; an example object shared by two roles (the answer
    /// is also the truth-ratio reference on real authors / world facts) is scored once. Examples are sorted and batched
    /// within groups (ES splits, forget_perturbed, utility splits), so a group's numbers are bit-identical whichever
    /// other metric groups are on: θr's forget truth ratios from an fq-only run then equal those of a full run, and
    /// θr's forget quality against itself is exactly 1 (batch shape changes results by float rounding).
    /// </summary>
    private sealed class ExampleSweep
    {
        private readonly Dictionary<EncodedExample, int> _positions = new(ReferenceEqualityComparer.Instance);
        private int _groupStart;

        public List<EncodedExample> Examples { get; } = [];

        /// <summary>Consecutive ranges of <see cref="Examples"/> scored separately.</summary>
        public List<Range> Groups { get; } = [];

        public void EndGroup()
        {
            if (Examples.Count > _groupStart)
                Groups.Add(_groupStart..Examples.Count);
            _groupStart = Examples.Count;
        }

        public int Add(EncodedExample example)
        {
            if (_positions.TryGetValue(example, out int position))
                return position;
            _positions[example] = Examples.Count;
            Examples.Add(example);
            return Examples.Count - 1;
        }
    }
}
