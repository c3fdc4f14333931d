using static TorchSharp.torch;

namespace LocUnlearn.Common;

/// <summary>Raw bytes of a tensor in blocks of rows: spans are int-sized, tensors (a 2 GB embedding) may not be.</summary>
public static class TensorBytes
{
    private const long BlockBytes = 1L << 30;

    /// <summary>Calls <paramref name="read"/> with the tensor's bytes (CPU, contiguous) block by block, in order.</summary>
    public static void ForEachBlock(Tensor t, SpanAction read)
    {
        using var scope = NewDisposeScope();
        var c = t.detach().cpu().contiguous();
        if (c.numel() == 0) return;
        var flat = c.dim() == 0 ? c.view(1) : c;
        foreach (var block in Blocks(flat))
            read(block.bytes);
    }

    /// <summary>Views of consecutive row blocks of a contiguous tensor, each under 1 GB where rows allow.</summary>
    public static IEnumerable<Tensor> Blocks(Tensor contiguous)
    {
        long rows = contiguous.shape[0];
        long rowBytes = contiguous.numel() * contiguous.ElementSize / rows;
        long rowsPerBlock = Math.Max(1, BlockBytes / Math.Max(1, rowBytes));
        for (long r = 0; r < rows; r += rowsPerBlock)
            yield return contiguous.narrow(0, r, Math.Min(rowsPerBlock, rows - r));
    }

    public delegate void SpanAction(ReadOnlySpan<byte> bytes);
}
