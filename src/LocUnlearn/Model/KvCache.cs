using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Keys and values of every layer for the positions seen so far, (B, kv_heads, S, head_dim) each, held in buffers
/// with room for <c>capacity</c> positions: a step writes its new positions in place and attends to a view of the
/// first S, instead of concatenating a new copy of the whole cache per layer and step (O(S) copying per token, O(S²)
/// per generation). A longer sequence than the capacity doubles the buffers.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] buffers;
    private readonly long[] lengths;
    private readonly long capacity;

    /// <param name="capacity">positions to reserve up front (prompt plus new tokens); 0 = as many as the first step.</param>
    public KvCache(int numLayers, long capacity = 0)
    {
        buffers = new (Tensor, Tensor)?[numLayers];
        lengths = new long[numLayers];
        this.capacity = capacity;
    }

    /// <summary>Number of cached positions.</summary>
    public long Length => lengths[0];

    /// <summary>
    /// Stores this step's keys/values (B, kv_heads, T, d) for a layer and returns views of all cached ones
    /// (B, kv_heads, S, d), S = past + T; the views belong to the caller's dispose scope, the buffers to the cache.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long start = lengths[layer], t = keys.shape[2], end = start + t;
        if (buffers[layer] is not { } b || b.Keys.shape[2] < end)
            b = Grow(layer, keys, values, end);
        using (var k = b.Keys.narrow(2, start, t)) k.copy_(keys);
        using (var v = b.Values.narrow(2, start, t)) v.copy_(values);
        lengths[layer] = end;
        return (b.Keys.narrow(2, 0, end), b.Values.narrow(2, 0, end));
    }

    private (Tensor Keys, Tensor Values) Grow(int layer, Tensor keys, Tensor values, long needed)
    {
        var old = buffers[layer];
        long size = Math.Max(needed, old is { } o ? 2 * o.Keys.shape[2] : capacity);
        Tensor Buffer(Tensor like, Tensor? previous)
        {
            var buffer = empty([like.shape[0], like.shape[1], size, like.shape[3]], dtype: like.dtype, device: like.device)
                .DetachFromDisposeScope();
            if (previous is not null)
            {
                using (var kept = buffer.narrow(2, 0, lengths[layer]))
                using (var cached = previous.narrow(2, 0, lengths[layer]))
                    kept.copy_(cached);
                previous.Dispose();
            }
            return buffer;
        }
        var grown = (Buffer(keys, old?.Keys), Buffer(values, old?.Values));
        buffers[layer] = grown;
        return grown;
    }

    public void Dispose()
    {
        foreach (var b in buffers)
        {
            b?.Keys.Dispose();
            b?.Values.Dispose();
        }
    }
}
