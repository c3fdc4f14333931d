using TorchSharp;
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
        using (no_grad())
        {
            down_proj.weight!.index_add_(1, d.Neurons, d.Down.to(down_proj.weight.dtype), 1.0);
            if (d.Gate is not null && d.Up is not null)
            {
                gate_proj.weight!.index_add_(0, d.Neurons, d.Gate.to(gate_proj.weight.dtype), 1.0);
                up_proj.weight!.index_add_(0, d.Neurons, d.Up.to(up_proj.weight.dtype), 1.0);
            }
        }
        Delta = null;
        d.Dispose();
    }
}
