using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// Block-wise dynamic 8-bit quantization (Dettmers et al. 2022, "8-bit Optimizers via Block-wise Quantization";
/// bitsandbytes' create_dynamic_map and quantize_blockwise): each block of <see cref="BlockSize"/> values is stored as
/// one byte per value, the index of the nearest entry of a 256-value map to value / max|block|, plus that maximum in
/// fp32. The dynamic map spends its codes on a decimal exponent (10^-6 .. 10^0) and a linear fraction, so small values
/// keep about the same relative precision as large ones, which Adam's second moment (spanning many orders of
/// magnitude within a tensor) needs; small blocks keep one outlier from flattening the rest of its tensor.
/// </summary>
public static class DynamicQuantization
{
    /// <summary>bitsandbytes' block size for optimizer state.</summary>
    public const int BlockSize = 256;

    private const int ExponentBits = 7;

    /// <summary>
    /// The 256 sorted values of bitsandbytes' create_dynamic_map(signed): for exponent i = 0..6, the midpoints of
    /// linspace(0.1, 1, n_i + 1) times 10^(i-6), n_i = 2^i signed (with both signs) or 2^(i+1) unsigned; plus 0 and 1.
    /// Signed: 127 positive and 127 negative values (the most negative is -0.993, not -1); unsigned: 254 positive.
    /// </summary>
    public static float[] Map(bool signed)
    {
        var data = new List<double> { 0, 1 };
        for (int i = 0; i < ExponentBits; i++)
        {
            int items = signed ? (1 << i) + 1 : (1 << (i + 1)) + 1;
            double scale = Math.Pow(10, i - (ExponentBits - 1)), step = 0.9 / (items - 1);
            for (int j = 0; j + 1 < items; j++)
            {
                double mean = 0.1 + (j + 0.5) * step;
                data.Add(scale * mean);
                if (signed) data.Add(-scale * mean);
            }
        }
        return data.Select(d => (float)d).Order().ToArray();
    }

    /// <summary>Midpoints between neighbouring map values (255): bucketize against them finds the nearest value.</summary>
    public static float[] Boundaries(float[] map) => map.Zip(map.Skip(1), (a, b) => (a + b) / 2).ToArray();

    /// <summary>Codes (n,) uint8 and block maxima (n / <see cref="BlockSize"/>,) fp32 of fp32 values x (n,), n a multiple
    /// of the block size.</summary>
    public static (Tensor Codes, Tensor Absmax) Quantize(Tensor x, Tensor boundaries)
    {
        using var scope = NewDisposeScope();
        var blocks = x.view(-1, BlockSize);                                  // (blocks, BlockSize)
        var absmax = blocks.abs().amax([1L]);                                // (blocks,)
        // An all-zero block divides by 1 (its codes are 0's); any other scale would do.
        var scale = absmax.masked_fill(absmax == 0, 1).unsqueeze(1);
        var codes = bucketize(blocks / scale, boundaries).to(ScalarType.Byte).view(-1);
        return (codes.MoveToOuterDisposeScope(), absmax.MoveToOuterDisposeScope());
    }

    /// <summary>fp32 values (n,) of codes (n,) with their block maxima.</summary>
    public static Tensor Dequantize(Tensor codes, Tensor absmax, Tensor map)
    {
        using var scope = NewDisposeScope();
        var values = map.index_select(0, codes.to(ScalarType.Int64)).view(-1, BlockSize) * absmax.unsqueeze(1);
        return values.view(-1).MoveToOuterDisposeScope();
    }
}
