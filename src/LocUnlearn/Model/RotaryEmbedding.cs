using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Rotary position embeddings (rotate-half convention, as HF LLaMA). Frequencies and angles are computed in fp32
/// whatever the model dtype: bf16 angles at position 4000+ are off by whole radians.
/// Not a module: inv_freq is derived from the config, never part of a checkpoint.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor invFreq; // (head_dim/2,) fp32, CPU
    private Tensor? invFreqOnDevice;

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

    /// <summary>cos and sin of shape (B, T, head_dim) for int64 position ids (B, T), in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positionIds, ScalarType dtype)
    {
        if (invFreqOnDevice is null || invFreqOnDevice.device != positionIds.device)
        {
            invFreqOnDevice?.Dispose();
            invFreqOnDevice = invFreq.to(positionIds.device).DetachFromDisposeScope();
        }
        using var scope = NewDisposeScope();
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * invFreqOnDevice; // (B, T, d/2)
        var emb = cat([freqs, freqs], -1);                                                 // (B, T, d)
        return (emb.cos().to(dtype).MoveToOuterDisposeScope(), emb.sin().to(dtype).MoveToOuterDisposeScope());
    }

    /// <summary>x (B, heads, T, d) rotated by the angles (B, T, d).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        invFreq.Dispose();
        invFreqOnDevice?.Dispose();
    }
}
