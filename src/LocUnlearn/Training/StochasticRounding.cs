using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// Rounds fp32 values to bf16 or fp16 stochastically: to the representable neighbour above with probability equal to
/// the distance from the one below, in units of their spacing, so E[round(x)] = x. An optimizer can then update bf16
/// weights without an fp32 master copy: an update far below half a bf16 spacing (lr 1e-5 on a weight of 0.02, spacing
/// 1.2e-4) survives in expectation instead of rounding away every step (Gupta et al. 2015; Zamirai et al. 2020,
/// "Revisiting BFloat16 Training").
/// </summary>
public static class StochasticRounding
{
    /// <param name="x">fp32 values</param>
    /// <param name="dtype">bfloat16 or float16</param>
    /// <param name="generator">seeded, on x's device</param>
    public static Tensor Round(Tensor x, ScalarType dtype, Generator generator)
    {
        // Significant bits (implicit one included) and the spacing of the subnormal range.
        var (bits, minSpacing) = dtype switch
        {
            ScalarType.BFloat16 => (8, Math.Pow(2, -133)),
            ScalarType.Float16 => (11, Math.Pow(2, -24)),
            _ => throw new ArgumentException($"stochastic rounding to {dtype} is not supported (bfloat16, float16)."),
        };
        using var scope = NewDisposeScope();
        // x = mantissa · 2^e with mantissa in [0.5, 1): the target's spacing there is 2^(e - bits). Dividing by it,
        // flooring and multiplying back are exact in fp32, so the result is one of x's two neighbours exactly.
        // In place where possible: an optimizer rounds millions of values at a time.
        Tensor spacing;
        var (mantissa, exponent) = frexp(x);
        using (mantissa)
        using (exponent)
        using (var one = ones_like(x))
            spacing = ldexp(one, exponent.sub_(bits)).clamp_min_(minSpacing);
        var scaled = x / spacing;
        var below = scaled.floor();
        using (var uniform = rand(x.shape, generator: generator, dtype: ScalarType.Float32, device: x.device))
            scaled.sub_(below).gt_(uniform);                        // 1 where the remainder exceeds a uniform draw
        return below.add_(scaled).mul_(spacing).to(dtype).MoveToOuterDisposeScope();
    }
}
