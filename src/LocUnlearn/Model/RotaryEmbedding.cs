using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Rotary position embeddings (rotate-half convention, as HF LLaMA). Frequencies and angles are computed in fp32
/// whatever the model dtype: bf16 angles at position 4000+ are off by whole radians.
/// Not a module: inv_freq is derived from the config, never part of a checkpoint.
/// cos and sin are tables over positions 0..capacity-1, computed once (and again, doubled, when a longer sequence
/// comes): a KV-cache decoding step then reads one row instead of rebuilding its angles (about ten tensor operations
/// per step, which at batch 1 on a small model cost as much as a layer's attention). Rows are the same fp32 products
/// pos·inv_freq and the same cos/sin kernels as computing them per call, so the values are bit-identical.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private const long MinimumCapacity = 256;
    private readonly Tensor invFreq; // (head_dim/2,) fp32, CPU
    private Tensor? cos, sinRotated;  // (capacity, head_dim) in the model dtype, on the model device

    public RotaryEmbedding(LlamaConfig config)
    {
        invFreq = InverseFrequencies(config.HeadDim, config.RopeTheta, config.RopeScaling).DetachFromDisposeScope();
    }

    /// <summary>inv_freq_j = theta^(-2j/d), rescaled per llama3 scaling (SPEC 2; HF _compute_llama3_parameters).</summary>
    public static Tensor InverseFrequencies(int headDim, double theta, Llama3RopeScaling? scaling)
    {
        using var scope = NewDisposeScope();
        var exponent = arange(0, headDim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32) / headDim;
        var invFreq = 1.0f / pow(tensor((float)theta), exponent);
        if (scaling is { } s)
        {
            double lowFreqWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
            double highFreqWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
            var wavelen = 2 * Math.PI / invFreq;
            // Long wavelengths (low frequencies) are divided by factor; short ones stay; in between, interpolate.
            var scaled = where(wavelen > lowFreqWavelen, invFreq / s.Factor, invFreq);
            var smooth = (s.OriginalMaxPositionEmbeddings / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
            var smoothed = (1 - smooth) * scaled / s.Factor + smooth * scaled;
            var isMedium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
            invFreq = where(isMedium, smoothed, scaled);
        }
        return invFreq.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Angles of positions <paramref name="start"/> .. start+length-1 (the same for every row): cos and the signed sin
    /// of <see cref="Apply"/>, (T, head_dim) views of the tables, owned by the caller's dispose scope.
    /// </summary>
    /// <param name="like">a tensor on the model's device in the model's dtype (the hidden states)</param>
    public (Tensor Cos, Tensor SinRotated) Angles(long start, long length, Tensor like)
    {
        var (c, s) = Tables(start + length, like);
        return (c.narrow(0, start, length), s.narrow(0, start, length));
    }

    /// <summary>Angles of int64 position ids (B, T), each below <paramref name="bound"/>: (B, 1, T, head_dim).</summary>
    public (Tensor Cos, Tensor SinRotated) Angles(Tensor positionIds, long bound, Tensor like)
    {
        var (c, s) = Tables(bound, like);
        using var scope = NewDisposeScope();
        long b = positionIds.shape[0], t = positionIds.shape[1];
        var flat = positionIds.reshape(-1);
        return (c.index_select(0, flat).view(b, 1, t, -1).MoveToOuterDisposeScope(),
            s.index_select(0, flat).view(b, 1, t, -1).MoveToOuterDisposeScope());
    }

    private (Tensor Cos, Tensor SinRotated) Tables(long positions, Tensor like)
    {
        // Devices compare by type and index: TorchSharp's Device has reference equality and tensor.device is new each call.
        if (cos is null || sinRotated is null || cos.shape[0] < positions || cos.dtype != like.dtype
            || cos.device_type != like.device_type || cos.device_index != like.device_index)
        {
            var device = like.device;
            var dtype = like.dtype;
            long capacity = Math.Max(MinimumCapacity, cos is null ? positions : Math.Max(positions, 2 * cos.shape[0]));
            cos?.Dispose();
            sinRotated?.Dispose();
            using var scope = NewDisposeScope();
            var freqs = arange(0, capacity, dtype: ScalarType.Int64, device: device).to(ScalarType.Float32).unsqueeze(-1)
                * invFreq.to(device);                                       // (P, d/2)
            var emb = cat([freqs, freqs], -1);                              // (P, d)
            var sin = emb.sin();
            long half = freqs.shape[1];
            // rotate_half(x)·sin = roll(x, d/2)·[-sin₁, sin₂]: negating sin instead of x is exact, and a roll is one
            // operation where narrow/neg/narrow/cat were four.
            cos = emb.cos().to(dtype).DetachFromDisposeScope();
            sinRotated = cat([-sin.narrow(-1, 0, half), sin.narrow(-1, half, half)], -1).to(dtype).DetachFromDisposeScope();
        }
        return (cos, sinRotated);
    }

    /// <summary>x (B, heads, T, d) rotated by angles from <see cref="Angles(long, long, Tensor)"/> (T, d) or
    /// <see cref="Angles(Tensor, long, Tensor)"/> (B, 1, T, d).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sinRotated)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        return (x * cos).add_(x.roll(half, -1) * sinRotated, TorchScalars.One).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        invFreq.Dispose();
        cos?.Dispose();
        sinRotated?.Dispose();
    }
}
