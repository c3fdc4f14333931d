using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// AdamW with 8-bit block-wise moments (bitsandbytes' AdamW8bit: signed dynamic map for the first moment, unsigned for
/// the second, blocks of 256) for full-parameter training: the update of <see cref="MaskedAdamW"/> (same order, bias
/// correction, decoupled decay) with each moment dequantized before and quantized after it. bf16/fp16 weights are
/// updated in fp32 and rounded back stochastically (<see cref="StochasticRounding"/>) instead of through an fp32
/// master copy. State: about 2 bytes per trained scalar instead of 8 (moments) + 4 (master): for an 8B bf16 model,
/// weights + gradients + state fall from 16 to 6 bytes per parameter.
/// </summary>
/// <remarks>
/// Tensors are updated <see cref="ChunkSize"/> values at a time, so the fp32 temporaries of a step (the dequantized
/// moments, the weight in fp32, the gradient in fp32) are bounded by a chunk, not by the largest tensor (an 8B model's
/// 525M-value embedding would need ~2 GiB per temporary).
/// </remarks>
public sealed class AdamW8bit : IOptimizer
{
    /// <summary>Values per update chunk: 4M, a multiple of the block size (~100 MiB of fp32 temporaries).</summary>
    public const long ChunkSize = 1L << 22;

    private readonly IReadOnlyList<TrainableTensor> tensors;
    private readonly TrainingConfig config;
    private readonly AdamMoment[] m, v;
    private readonly Tensor signedMap, signedBoundaries, unsignedMap, unsignedBoundaries;
    private readonly Generator rounding;
    private int step;

    public AdamW8bit(IReadOnlyList<TrainableTensor> tensors, TrainingConfig config)
    {
        if (tensors.Any(t => t.DecayBase is not null))
            throw new ArgumentException("AdamW8bit trains whole tensors; region deltas keep MaskedAdamW.");
        this.tensors = tensors;
        this.config = config;
        var device = tensors.Count > 0 ? tensors[0].Value.device : CPU;
        Tensor OnDevice(float[] values) => tensor(values, device: device).DetachFromDisposeScope();
        var signed = DynamicQuantization.Map(signed: true);
        var unsigned = DynamicQuantization.Map(signed: false);
        (signedMap, signedBoundaries) = (OnDevice(signed), OnDevice(DynamicQuantization.Boundaries(signed)));
        (unsignedMap, unsignedBoundaries) = (OnDevice(unsigned), OnDevice(DynamicQuantization.Boundaries(unsigned)));
        m = tensors.Select(t => new AdamMoment(t.Value.numel(), device, signedMap, signedBoundaries)).ToArray();
        v = tensors.Select(t => new AdamMoment(t.Value.numel(), device, unsignedMap, unsignedBoundaries)).ToArray();
        rounding = new Generator((ulong)config.Seed, device);
    }

    public long StateBytes => m.Concat(v).Sum(s => s.Bytes);

    public void Step(double lr)
    {
        step++;
        using var _ = no_grad();
        for (int i = 0; i < tensors.Count; i++)
        {
            using var scope = NewDisposeScope();
            var p = tensors[i].Value;
            var g = p.grad;
            if (g is null) continue;
            long n = p.numel();
            var weights = p.view(-1);
            var grads = g.contiguous().view(-1);
            for (long start = 0; start < n; start += ChunkSize)
            {
                using var chunk = NewDisposeScope();
                long length = Math.Min(ChunkSize, n - start);
                Update(i, start, weights.narrow(0, start, length), grads.narrow(0, start, length), lr);
            }
        }
    }

    private void Update(int i, long start, Tensor weight, Tensor grad, double lr)
    {
        double bc1 = 1 - Math.Pow(config.Beta1, step), bc2 = 1 - Math.Pow(config.Beta2, step);
        bool fp32 = weight.dtype == ScalarType.Float32;
        var w = fp32 ? weight : weight.to(ScalarType.Float32);
        if (config.WeightDecay > 0)
            w.mul_(1 - lr * config.WeightDecay);
        // Temporaries are disposed as soon as they are used: a chunk's peak is what `OptimizerStepBytes` counts.
        using (var g = grad.to(ScalarType.Float32))
        using (var first = m[i].Load(start, grad.shape[0]))
        using (var second = v[i].Load(start, grad.shape[0]))
        {
            first.mul_(config.Beta1).add_(g, alpha: 1 - config.Beta1);
            second.mul_(config.Beta2).addcmul_(g, g, value: 1 - config.Beta2);
            using (var denom = second.sqrt().div_(Math.Sqrt(bc2)).add_(config.Epsilon))
                w.addcdiv_(first, denom, value: -lr / bc1);
            m[i].Store(start, first);
            v[i].Store(start, second);
        }
        if (!fp32)
            weight.copy_(StochasticRounding.Round(w, weight.dtype, rounding));
    }

    public void Dispose()
    {
        foreach (var s in m.Concat(v)) s.Dispose();
        foreach (var t in new[] { signedMap, signedBoundaries, unsignedMap, unsignedBoundaries }) t.Dispose();
        rounding.Dispose();
    }
}
