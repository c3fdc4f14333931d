using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// log π_ref(y|x) of every item of a split, computed once on first use instead of one reference forward per step:
/// π_ref is frozen, so NPO and DPO need each item's value only once (for an epoch of e steps per item this saves
/// e - 1 reference passes per item). Rows are looked up by <see cref="Batch.ItemIndices"/>, so the table must be built
/// from the same examples the batches are collated from.
/// </summary>
public sealed class ReferenceLogProbTable(IReferenceModel reference, IReadOnlyList<EncodedExample> examples, Collator collator,
    int batchSize, Device device)
{
    private float[]? values;

    /// <summary>log π_ref(y_i|x_i) for the rows of <paramref name="batch"/> (B,), on its device, no gradient.</summary>
    public Tensor For(Batch batch)
    {
        values ??= Compute();
        var rows = batch.ItemIndices.Select(i => values[i]).ToArray();
        return tensor(rows, device: batch.InputIds.device);
    }

    private float[] Compute()
    {
        var result = new float[examples.Count];
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(batchSize, examples.Count - start)).ToArray();
            using var cpu = collator.CollateIndices(examples, indices);
            using var batch = cpu.To(device);
            var (logProb, _) = CausalLmLoss.SequenceLogProbs(reference.Forward(batch), batch.Labels);
            logProb.cpu().data<float>().ToArray().CopyTo(result, start);
        }
        return result;
    }
}
