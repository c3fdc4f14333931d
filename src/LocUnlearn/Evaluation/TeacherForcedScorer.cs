using LocUnlearn.Data;
using LocUnlearn.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Evaluation;

/// <summary>What one teacher-forced pass gives for one (prompt, answer) example.</summary>
public sealed record TeacherForcedScore(AnswerLogProb LogProb, ExtractionStrengthItem ExtractionStrength);

/// <summary>
/// Scores many encoded examples with one forward pass per batch: answer log-probability sums (SPEC 1) and Extraction
/// Strength (SPEC 9) from the same logits. Examples are sorted by length before batching so a batch pads to nearly
/// its own length; right padding is exact under the causal mask, so results do not depend on the batch a row lands in.
/// </summary>
public sealed class TeacherForcedScorer
{
    private readonly LlamaForCausalLM _model;
    private readonly Collator _collator;
    private readonly IReadOnlyCollection<long> _excludedTargets;
    private readonly int _batchSize;

    /// <param name="excludedTargetIds">Labels ES does not score (EOS, end-of-turn); log-probabilities still include them, as
    /// OpenUnlearning's probability and truth ratio do.</param>
    public TeacherForcedScorer(LlamaForCausalLM model, long padId, IReadOnlyCollection<long> excludedTargetIds, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        _model = model;
        _collator = new Collator(padId);
        _excludedTargets = excludedTargetIds;
        _batchSize = batchSize;
    }

    public TeacherForcedScore[] Score(IReadOnlyList<EncodedExample> examples)
    {
        var results = new TeacherForcedScore[examples.Count];
        int[] order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Length).ToArray();
        using var _ = no_grad();
        for (int start = 0; start < order.Length; start += _batchSize)
        {
            using var scope = NewDisposeScope();
            int[] rows = order[start..Math.Min(order.Length, start + _batchSize)];
            var batch = _collator.CollateIndices(examples, rows);
            var labels = batch.Labels.to(_model.Device);
            var logits = _model.forward(batch.InputIds.to(_model.Device), batch.AttentionMask.to(_model.Device)); // (B, T, V)
            var (logProb, count) = CausalLmLoss.SequenceLogProbs(logits, labels);                              // (B,), (B,)
            var es = ExtractionStrength.FromLogits(logits, labels, _excludedTargets);
            double[] sums = logProb.to(ScalarType.Float64).cpu().data<double>().ToArray();
            double[] counts = count.to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int b = 0; b < rows.Length; b++)
                results[rows[b]] = new TeacherForcedScore(new AnswerLogProb(sums[b], (int)counts[b]), es[b]);
        }
        return results;
    }
}
