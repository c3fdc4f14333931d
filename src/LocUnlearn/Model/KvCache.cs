using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>Keys and values of every layer for the positions seen so far: (B, kv_heads, S, head_dim) each.</summary>
public sealed class KvCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] layers;

    public KvCache(int numLayers) => layers = new (Tensor, Tensor)?[numLayers];

    /// <summary>Number of cached positions.</summary>
    public long Length => layers[0] is { } l ? l.Keys.shape[2] : 0;

    /// <summary>Appends this step's keys/values for a layer and returns all of them (owned by the cache).</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        Tensor k, v;
        if (layers[layer] is { } old)
        {
            k = cat([old.Keys, keys], 2);
            v = cat([old.Values, values], 2);
            old.Keys.Dispose();
            old.Values.Dispose();
        }
        else
        {
            k = keys.alias();
            v = values.alias();
        }
        k.DetachFromDisposeScope();
        v.DetachFromDisposeScope();
        layers[layer] = (k, v);
        return (k, v);
    }

    public void Dispose()
    {
        foreach (var l in layers)
        {
            l?.Keys.Dispose();
            l?.Values.Dispose();
        }
    }
}
