using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// SwiGLU MLP: MLP(h) = W_down (SiLU(W_gate h) ⊙ W_up h) = Σ_i a_i(h) v_i, where v_i = down_proj.weight[:, i] is neuron
/// i's value vector and a_i(h) its coefficient (SPEC 1).
/// </summary>
public sealed class Mlp : nn.Module
{
    public readonly Linear gate_proj, up_proj, down_proj;

    public Mlp(LlamaConfig c, Device? device, ScalarType dtype) : base("Mlp")
    {
        gate_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, c.MlpBias, device, dtype);
        up_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, c.MlpBias, device, dtype);
        down_proj = nn.Linear(c.IntermediateSize, c.HiddenSize, c.MlpBias, device, dtype);
        RegisterComponents();
    }

    /// <summary>Trainable region delta, when training is confined to a region; not part of the state dict.</summary>
    public MlpRegionDelta? Delta { get; set; }

    /// <summary>Coefficients a(h) (B, T, intermediate).</summary>
    public Tensor Coefficients(Tensor h)
    {
        using var scope = NewDisposeScope();
        var gate = gate_proj.forward(h);
        var up = up_proj.forward(h);
        if (Delta is { Gate: { } dg, Up: { } du } d)
        {
            gate = gate.index_add(-1, d.Neurons, nn.functional.linear(h, dg.to(h.dtype)), 1.0);
            up = up.index_add(-1, d.Neurons, nn.functional.linear(h, du.to(h.dtype)), 1.0);
        }
        return (nn.functional.silu(gate) * up).MoveToOuterDisposeScope();
    }

    /// <summary>down_proj applied to coefficients a (B, T, intermediate), plus the region delta's contribution.</summary>
    public Tensor Down(Tensor a)
    {
        if (Delta is not { } d)
            return down_proj.forward(a);
        using var scope = NewDisposeScope();
        // Σ_{i∈region} a_i Δv_i: a gather of k coefficients and a (hidden × k) matmul, O(region) extra work.
        var extra = nn.functional.linear(a.index_select(-1, d.Neurons), d.Down.to(a.dtype));
        return (down_proj.forward(a) + extra).MoveToOuterDisposeScope();
    }

    /// <summary>Adds the delta into the frozen weights (only the region's columns/rows change) and removes it.</summary>
    public void MergeDelta()
    {
        if (Delta is not { } d)
            return;
        MergeInto(this, d);
        Delta = null;
        d.Dispose();
    }

    /// <summary>Adds <paramref name="d"/> into <paramref name="target"/>'s weights (the same module or a copy of it).</summary>
    public static void MergeInto(Mlp target, MlpRegionDelta d)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        AddRegion(target.down_proj.weight!, 1, d.Neurons, d.Down);
        if (d.Gate is not null && d.Up is not null)
        {
            AddRegion(target.gate_proj.weight!, 0, d.Neurons, d.Gate);
            AddRegion(target.up_proj.weight!, 0, d.Neurons, d.Up);
        }
    }

    /// <summary>weight[region] = round(weight[region] + delta): the sum is taken in fp32 and rounded once to the
    /// weight's dtype (bf16 otherwise rounds the fp32 delta and then the sum, two roundings).</summary>
    private static void AddRegion(Tensor weight, int dim, Tensor neurons, Tensor delta)
    {
        var sum = weight.index_select(dim, neurons).to(ScalarType.Float32) + delta.to(ScalarType.Float32);
        weight.index_copy_(dim, neurons, sum.to(weight.dtype));
    }
}
