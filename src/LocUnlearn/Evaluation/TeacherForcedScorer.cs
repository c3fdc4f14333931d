using LocUnlearn.Data;
using LocUnlearn.Model;
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
            var (logProb, count, predictions) = ScoreAnswerPositions(batch.InputIds.to(_model.Device), batch.AttentionMask.to(_model.Device), labels);
            var es = ExtractionStrength.FromPredictions(predictions, labels, _excludedTargets);
            double[] sums = logProb.to(ScalarType.Float64).cpu().data<double>().ToArray();
            double[] counts = count.to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int b = 0; b < rows.Length; b++)
                results[rows[b]] = new TeacherForcedScore(new AnswerLogProb(sums[b], (int)counts[b]), es[b]);
        }
        return results;
    }

    /// <summary>
    /// The output projection at the answer positions only: hidden states (B, T, C) of the whole batch, then logits for
    /// the N positions that predict a labelled token, (N, V) instead of (B, T, V). With a 128k vocabulary the full
    /// logits and the log-softmax copies of them were most of the time and memory of a pass (issue 5's benchmark on a
    /// Llama-3-vocabulary model). Log-probabilities are logit(label) - logsumexp(logits) in fp32.
    /// </summary>
    /// <returns>Σ log p of each row's answer tokens (B,), their count (B,), and argmax predictions (B, T) with -1 where
    /// no label follows (ES compares only labelled positions)</returns>
    private (Tensor LogProb, Tensor Count, Tensor Predictions) ScoreAnswerPositions(Tensor inputIds, Tensor attentionMask, Tensor labels)
    {
        long b = labels.shape[0], t = labels.shape[1];
        var hidden = _model.model.forward(inputIds, attentionMask, null, null).narrow(1, 0, t - 1);   // (B, T-1, C): position t-1 predicts t
        var target = labels.narrow(1, 1, t - 1);                                          // (B, T-1)
        var scored = target.ne(EncodedExample.IgnoreIndex);                               // (B, T-1)
        var index = new[] { TensorIndex.Tensor(scored) };
        var logits = nn.functional.linear(hidden.index(index), _model.OutputWeight).to(ScalarType.Float32); // (N, V)
        var y = target.index(index).unsqueeze(1);                                         // (N, 1)
        var tokenLogProbs = logits.gather(1, y).squeeze(1) - logits.logsumexp(1);         // (N,)
        var perPosition = zeros(b, t - 1, dtype: ScalarType.Float32, device: labels.device).index_put_(tokenLogProbs, index);
        var predictions = full(b, t, -1L, dtype: ScalarType.Int64, device: labels.device);
        predictions.narrow(1, 0, t - 1).index_put_(logits.argmax(1), index);
        return (perPosition.sum(dim: 1), scored.sum(dim: 1), predictions);
    }
}
