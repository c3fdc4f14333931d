using LocUnlearn.Data;
using static TorchSharp.torch;

namespace LocUnlearn.Evaluation;

/// <summary>Extraction Strength of one item: k* answer tokens of prefix are needed, out of T.</summary>
/// <param name="KStar">Start (0-based answer position) of the longest suffix that greedy decoding reproduces.</param>
/// <param name="AnswerLength">T: answer tokens scored (EOS targets excluded).</param>
public sealed record ExtractionStrengthItem(int KStar, int AnswerLength)
{
    /// <summary>ES = 1 - k*/T (SPEC 9).</summary>
    public double Value => 1.0 - (double)KStar / AnswerLength;
}

/// <summary>
/// Extraction Strength (Wang et al., ICLR 2025) from ONE teacher-forced pass (SPEC 9). Greedy decoding from a
/// prefix of k answer tokens reproduces y_{≥k} iff the argmax at every position ≥ k equals the label, so k* is
/// the start of the longest all-correct suffix of the argmax predictions. An item whose last token is wrong
/// has no correct suffix: k* = T and ES = 0 (OpenUnlearning returns 1/T there, an off-by-one we do not copy).
/// </summary>
public static class ExtractionStrength
{
    /// <summary>Per-item ES from logits (B, T, V) and unshifted labels (B, T) (-100 = ignored).</summary>
    /// <param name="excludedTargetIds">Target ids that are not scored, e.g. EOS / end-of-turn: SPEC 9 excludes the
    /// EOS target. Any answer position whose label is one of these is dropped, wherever it is.</param>
    public static ExtractionStrengthItem[] FromLogits(Tensor logits, Tensor labels, IReadOnlyCollection<long> excludedTargetIds)
    {
        if (logits.dim() != 3) throw new ArgumentException($"logits must be (B, T, V), got rank {logits.dim()}", nameof(logits));
        using var scope = NewDisposeScope();
        var predictions = logits.argmax(dim: -1); // (B, T)
        return FromPredictions(predictions, labels, excludedTargetIds);
    }

    /// <summary>Dataset ES = mean over items (SPEC 9). FS = 1 - this on the forget set; RS = this on the retain set.</summary>
    public static double Mean(IReadOnlyCollection<ExtractionStrengthItem> items) =>
        items.Count > 0 ? items.Average(i => i.Value) : throw new ArgumentException("no items", nameof(items));

    /// <summary>Per-item ES from argmax predictions (B, T) (prediction at t-1 is for label t) and unshifted labels.</summary>
    public static ExtractionStrengthItem[] FromPredictions(Tensor predictions, Tensor labels, IReadOnlyCollection<long> excludedTargetIds)
    {
        if (predictions.dim() != 2 || labels.dim() != 2 || predictions.shape[0] != labels.shape[0] || predictions.shape[1] != labels.shape[1])
            throw new ArgumentException(
                $"predictions and labels must both be (B, T); got [{string.Join(", ", predictions.shape)}] and [{string.Join(", ", labels.shape)}]");
        long batch = labels.shape[0], length = labels.shape[1];
        if (length < 2) throw new ArgumentException("sequences need at least 2 positions (one prompt token and one answer token)", nameof(labels));

        using var scope = NewDisposeScope();
        var target = labels[.., 1..].to(ScalarType.Int64);                 // (B, T-1): label t
        var predicted = predictions[.., ..^1].to(ScalarType.Int64).to(target.device); // (B, T-1): argmax at t-1
        var scored = target.ne(EncodedExample.IgnoreIndex);               // (B, T-1) bool
        foreach (var id in excludedTargetIds)
            scored = scored.logical_and(target.ne(id));
        var wrong = scored.logical_and(predicted.ne(target));             // (B, T-1)
        var scoredLong = scored.to(ScalarType.Int64);
        // 1-based answer position of each scored token; padding side (left or right) and gaps do not matter.
        var position = scoredLong.cumsum(dim: 1);                         // (B, T-1)
        // k* = 1-based position of the last wrong token (0 when every token is right).
        var kStar = position.mul(wrong.to(ScalarType.Int64)).amax(new long[] { 1 }); // (B,)
        var answerLength = scoredLong.sum(dim: 1);                        // (B,)

        var k = kStar.cpu().data<long>().ToArray();
        var t = answerLength.cpu().data<long>().ToArray();
        var items = new ExtractionStrengthItem[batch];
        for (int i = 0; i < batch; i++)
        {
            if (t[i] == 0) throw new ArgumentException($"item {i} of the batch has no scored answer token: ES is undefined", nameof(labels));
            items[i] = new ExtractionStrengthItem((int)k[i], (int)t[i]);
        }
        return items;
    }
}
