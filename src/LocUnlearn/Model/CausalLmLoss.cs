using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Causal-LM losses over unshifted labels (-100 = ignored): logits at t-1 predict label t, as HF's
/// LlamaForCausalLM loss.
/// </summary>
public static class CausalLmLoss
{
    public const long IgnoreIndex = -100;

    /// <summary>Mean cross-entropy over every labelled token of the batch (HF's reduction), in fp32.</summary>
    public static Tensor MeanNll(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        // Shift the labels, not the logits: logits[:, :-1] is not contiguous, so flattening it copied the (B, T, V)
        // logits (and its backward built another); labels[:, 1:] plus an ignored last column is tiny and gives the
        // same mean (the last position predicts nothing).
        long b = labels.shape[0];
        var y = cat([labels.narrow(1, 1, labels.shape[1] - 1), full(b, 1, IgnoreIndex, dtype: labels.dtype, device: labels.device)], 1);
        // bf16/fp16 logits are upcast first, as HF's loss does: a bf16 loss keeps ~3 significant digits, and a loss
        // averaged over thousands of tokens in bf16 drifts. A no-op for fp32 models.
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]).to(ScalarType.Float32), y.reshape(-1), ignore_index: IgnoreIndex)
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="MeanNll"/> of the model on a batch, with the output projection run only at the positions that predict a
    /// label: (N, V) logits for the N labelled tokens instead of (B, T, V). The same mean over the same tokens (summed in
    /// another order); with a prompt that is not trained on and a vocabulary of thousands, the projection and the softmax
    /// over every position were most of a training step.
    /// </summary>
    public static Tensor LabelledMeanNll(LlamaForCausalLM model, Tensor inputIds, Tensor attentionMask, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long t = labels.shape[1];
        var hidden = model.model.forward(inputIds, attentionMask, null, null).narrow(1, 0, t - 1); // position t-1 predicts t
        var target = labels.narrow(1, 1, t - 1);
        var index = new[] { TensorIndex.Tensor(target.ne(IgnoreIndex)) };
        var logits = nn.functional.linear(hidden.index(index), model.OutputWeight).to(ScalarType.Float32); // (N, V)
        return nn.functional.cross_entropy(logits, target.index(index)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-token log p(label) (B, T-1) at shifted positions, 0 where the label is ignored, and the float mask (B, T-1)
    /// of labelled positions. Uses cross_entropy (reduction none) rather than a full log_softmax copy of the logits.
    /// </summary>
    public static (Tensor LogProbs, Tensor Mask) TokenLogProbs(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (l, y) = Shift(logits, labels);
        long b = y.shape[0], t = y.shape[1];
        var nll = nn.functional.cross_entropy(l.reshape(-1, l.shape[^1]).to(ScalarType.Float32), y.reshape(-1),
            ignore_index: IgnoreIndex, reduction: nn.Reduction.None).view(b, t);
        var mask = (y != IgnoreIndex).to(ScalarType.Float32);
        return ((-nll * mask).MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>log π(y|x) = Σ_t log p_t over each item's answer tokens (B,), and the token counts (B,).</summary>
    public static (Tensor LogProb, Tensor Count) SequenceLogProbs(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (lp, mask) = TokenLogProbs(logits, labels);
        return (lp.sum(dim: 1).MoveToOuterDisposeScope(), mask.sum(dim: 1).MoveToOuterDisposeScope());
    }

    /// <summary>logits[:, :-1] and labels[:, 1:].</summary>
    public static (Tensor Logits, Tensor Labels) Shift(Tensor logits, Tensor labels)
    {
        long t = labels.shape[1];
        return (logits.narrow(1, 0, t - 1), labels.narrow(1, 1, t - 1));
    }
}
