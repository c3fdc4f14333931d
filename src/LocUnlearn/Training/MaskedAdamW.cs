using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter; PyTorch's update order) over exactly the trainable tensors. Unlike TorchSharp's
/// optim.AdamW, weight decay acts only on what is trained (and on base + delta for region deltas), so a region stays
/// an exact constraint with weight decay on. State: first and second moments, 2 × 4 bytes per trained scalar, plus an
/// fp32 master copy (4 bytes) of every trained scalar stored in bf16/fp16.
/// </summary>
/// <remarks>
/// Master weights: a bf16 weight near 0.02 has a resolution of about 1.2e-4, so an Adam step of lr = 1e-5 (the paper
/// preset's rate) rounds back to the old value and full-parameter training in bf16 would not move at all. The update
/// is therefore applied to the fp32 master and the bf16 weight is its rounding, as in standard mixed-precision
/// training. Region deltas are fp32 already (<see cref="LocUnlearn.Model.MlpRegionDelta"/>) and need no master.
/// </remarks>
public sealed class MaskedAdamW : IOptimizer
{
    private readonly IReadOnlyList<TrainableTensor> tensors;
    private readonly TrainingConfig config;
    private readonly Tensor[] m, v;
    private readonly Tensor?[] master;
    private int step;

    public MaskedAdamW(IReadOnlyList<TrainableTensor> tensors, TrainingConfig config)
    {
        this.tensors = tensors;
        this.config = config;
        m = tensors.Select(t => zeros_like(t.Value, dtype: ScalarType.Float32).DetachFromDisposeScope()).ToArray();
        v = tensors.Select(t => zeros_like(t.Value, dtype: ScalarType.Float32).DetachFromDisposeScope()).ToArray();
        using (no_grad())
            master = tensors.Select(t => t.Value.dtype == ScalarType.Float32 ? null
                : t.Value.detach().to(ScalarType.Float32).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Bytes held by the optimizer: moment estimates and fp32 master copies.</summary>
    public long StateBytes => m.Concat(v).Concat(master.OfType<Tensor>()).Sum(t => t.numel() * t.ElementSize);

    public void Step(double lr)
    {
        step++;
        double bc1 = 1 - Math.Pow(config.Beta1, step), bc2 = 1 - Math.Pow(config.Beta2, step);
        using var _ = no_grad();
        for (int i = 0; i < tensors.Count; i++)
        {
            // One scope per tensor: the temporaries (an fp32 copy of a bf16 gradient, the denominator) then peak at the
            // largest tensor's, not at every tensor's together (8 bytes per bf16 parameter, measured by bench memory-full).
            using var scope = NewDisposeScope();
            var (_, p, decayBase) = tensors[i];
            var g = p.grad;
            if (g is null) continue;
            var w = master[i] ?? p;
            g = g.to(ScalarType.Float32);
            if (config.WeightDecay > 0)
            {
                // Decoupled decay θ ← θ(1 - lr·wd); for a delta over frozen base values: Δ ← Δ - lr·wd·(base + Δ).
                if (decayBase is null) w.mul_(1 - lr * config.WeightDecay);
                else w.sub_((decayBase + w) * (lr * config.WeightDecay));
            }
            m[i].mul_(config.Beta1).add_(g, alpha: 1 - config.Beta1);
            v[i].mul_(config.Beta2).addcmul_(g, g, value: 1 - config.Beta2);
            // In place after the one sqrt: one tensor-sized temporary instead of two.
            var denom = v[i].sqrt().div_(Math.Sqrt(bc2)).add_(config.Epsilon);
            w.addcdiv_(m[i], denom, value: -lr / bc1);
            if (master[i] is not null)
                p.copy_(w);
        }
    }

    public void Dispose()
    {
        foreach (var t in m.Concat(v).Concat(master.OfType<Tensor>())) t.Dispose();
    }
}
