using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Grouped-query self-attention (HF LlamaAttention / Olmo2Attention). kv head g serves query heads
/// g·n_rep .. g·n_rep+n_rep-1, as HF's repeat_kv.
/// </summary>
public sealed class Attention : nn.Module
{
    public readonly Linear q_proj, k_proj, v_proj, o_proj;
    public readonly RmsNorm? q_norm, k_norm; // OLMo2 only: RMSNorm over the full q and k projections
    private readonly int heads, kvHeads, headDim;

    public Attention(LlamaConfig c, Device? device, ScalarType dtype) : base("Attention")
    {
        heads = c.NumAttentionHeads;
        kvHeads = c.NumKeyValueHeads;
        headDim = c.HeadDim;
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, c.AttentionBias, device, dtype);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.AttentionBias, device, dtype);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, c.AttentionBias, device, dtype);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, c.AttentionBias, device, dtype);
        if (c.Architecture == Architecture.Olmo2)
        {
            q_norm = new RmsNorm(heads * headDim, c.RmsNormEps, scaleInInputDtype: false, device, dtype);
            k_norm = new RmsNorm(kvHeads * headDim, c.RmsNormEps, scaleInInputDtype: false, device, dtype);
        }
        RegisterComponents();
    }

    /// <param name="h">(B, T, C)</param>
    /// <param name="mask">see <see cref="AttentionMask"/></param>
    public Tensor forward(Tensor h, Tensor cos, Tensor sinRotated, AttentionMask mask, KvCache? cache, int layerIndex)
    {
        using var scope = NewDisposeScope();
        long b = h.shape[0], t = h.shape[1];
        var q = q_proj.forward(h);
        var k = k_proj.forward(h);
        var v = v_proj.forward(h);
        if (q_norm is not null && k_norm is not null)
        {
            q = q_norm.forward(q);
            k = k_norm.forward(k);
        }
        q = q.view(b, t, heads, headDim).transpose(1, 2);     // (B, H, T, d)
        k = k.view(b, t, kvHeads, headDim).transpose(1, 2);   // (B, Hkv, T, d)
        v = v.view(b, t, kvHeads, headDim).transpose(1, 2);   // (B, Hkv, T, d)
        q = RotaryEmbedding.Apply(q, cos, sinRotated);
        k = RotaryEmbedding.Apply(k, cos, sinRotated);
        if (cache is not null)
            (k, v) = cache.Append(layerIndex, k, v);          // (B, Hkv, S, d), S = past + T
        if (heads != kvHeads)
        {
            int rep = heads / kvHeads;
            k = k.repeat_interleave(rep, dim: 1);              // (B, H, S, d)
            v = v.repeat_interleave(rep, dim: 1);
        }
        var y = nn.functional.scaled_dot_product_attention(q, k, v, mask.Mask, 0.0, mask.IsCausal); // (B, H, T, d)
        y = y.transpose(1, 2).reshape(b, t, heads * headDim);
        return o_proj.forward(y).MoveToOuterDisposeScope();
    }
}
