using static TorchSharp.torch;

namespace LocUnlearn.Data;

/// <summary>
/// Pads a list of <see cref="EncodedExample"/> into a <see cref="Batch"/>: pads get <see cref="PadId"/> as input,
/// 0 in the attention mask and -100 as label, so they never count in a loss or metric.
/// </summary>
public sealed record Collator(long PadId, PaddingSide Side = PaddingSide.Right)
{
    /// <param name="itemIndices">Index of each example in its split, carried into <see cref="Batch.ItemIndices"/>.</param>
    public Batch Collate(IReadOnlyList<EncodedExample> examples, IReadOnlyList<int> itemIndices)
    {
        if (examples.Count == 0)
            throw new ArgumentException("cannot collate an empty batch", nameof(examples));
        if (itemIndices.Count != examples.Count)
            throw new ArgumentException($"{itemIndices.Count} item indices for {examples.Count} examples", nameof(itemIndices));
        int rows = examples.Count;
        int width = examples.Max(e => e.Length);
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        var labels = new long[rows * width];
        Array.Fill(ids, PadId);
        Array.Fill(labels, EncodedExample.IgnoreIndex);
        for (int b = 0; b < rows; b++)
        {
            EncodedExample e = examples[b];
            int start = b * width + (Side == PaddingSide.Left ? width - e.Length : 0);
            e.InputIds.CopyTo(ids, start);
            e.Labels.CopyTo(labels, start);
            Array.Fill(mask, 1L, start, e.Length);
        }
        long[] shape = [rows, width];
        return new Batch(tensor(ids, shape), tensor(mask, shape), tensor(labels, shape), itemIndices);
    }

    /// <summary>Collates the items of <paramref name="split"/> at <paramref name="indices"/>.</summary>
    public Batch CollateIndices(IReadOnlyList<EncodedExample> split, IReadOnlyList<int> indices) =>
        Collate(indices.Select(i => split[i]).ToList(), indices);
}
