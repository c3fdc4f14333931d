using LocUnlearn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

/// <summary>The building blocks of <see cref="AdamW8bit"/> against values worked out by hand and brute force.</summary>
public class QuantizationAndRoundingTests
{
    [Fact]
    public void DynamicMapsAreThoseOfBitsandbytes()
    {
        var signed = DynamicQuantization.Map(signed: true);
        var unsigned = DynamicQuantization.Map(signed: false);
        Assert.Equal(256, signed.Length);
        Assert.Equal(256, unsigned.Length);
        Assert.Equal(signed.Order(), signed);
        Assert.Equal(256, signed.Distinct().Count());
        Assert.Equal(1f, signed[^1]);
        Assert.Equal(127, signed.Count(x => x < 0));
        // Exponent 0 (10^0): 64 fraction means of linspace(0.1, 1, 65); the most negative is -(1 - 0.9/128).
        Assert.Equal(-(1 - 0.9 / 128), signed[0], 6);
        // Exponent -6: the one mean 0.55 (signed), the two means 0.325 and 0.775 (unsigned).
        Assert.Equal(0.55e-6, signed.Where(x => x > 0).Min(), 12);
        Assert.Equal(0.325e-6, unsigned.Where(x => x > 0).Min(), 12);
        Assert.Equal(0f, unsigned[0]);
        Assert.Equal(1f, unsigned[^1]);
    }

    [Fact]
    public void QuantizationPicksTheNearestMapValueOfEachBlocksScale()
    {
        var map = DynamicQuantization.Map(signed: true);
        using var mapTensor = tensor(map);
        using var boundaries = tensor(DynamicQuantization.Boundaries(map));
        // Three blocks of values spanning six decades, and a block of zeros.
        var x = (randn(3 * 256, generator: new Generator(7)) * pow(10, -6 * rand(3 * 256, generator: new Generator(8)))).to(ScalarType.Float32);
        x = cat([x, zeros(256)]);

        var (codes, absmax) = DynamicQuantization.Quantize(x, boundaries);
        var back = DynamicQuantization.Dequantize(codes, absmax, mapTensor);

        Assert.Equal(ScalarType.Byte, codes.dtype);
        Assert.Equal([4L], absmax.shape);
        var blocks = x.view(4, 256);
        Assert.True(absmax.eq(blocks.abs().amax([1L])).all().item<bool>());
        // Brute force: the argmin over the map of |x / absmax - value|.
        var scale = absmax.masked_fill(absmax == 0, 1).unsqueeze(1);
        var nearest = (blocks / scale).unsqueeze(-1).sub(mapTensor).abs().argmin(-1);
        var expected = mapTensor.index_select(0, nearest.view(-1)).view(4, 256) * absmax.unsqueeze(1);
        Assert.True((back.view(4, 256) - expected).abs().max().item<float>() <= 1e-7 * absmax.max().item<float>());
        Assert.True(back.narrow(0, 768, 256).eq(0).all().item<bool>());
        // A block's largest magnitude is exact when positive (the signed map holds 1 but not -1).
        var positiveMax = blocks.amax([1L]).eq(absmax);
        Assert.True(back.view(4, 256).amax([1L]).eq(absmax).logical_or(positiveMax.logical_not()).all().item<bool>());
        Assert.True(positiveMax.narrow(0, 0, 3).any().item<bool>());
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, 1.0, 1.0 / 128)]          // spacing 2^-7 at 1
    [InlineData(ScalarType.BFloat16, -168.0 / 8192, 1.0 / 8192)] // a typical weight: spacing 2^-13 in [2^-6, 2^-5)
    [InlineData(ScalarType.Float16, 1.0, 1.0 / 1024)]            // spacing 2^-10 at 1
    [InlineData(ScalarType.Float16, 16.0 / (1 << 24), 1.0 / (1 << 24))] // fp16's subnormal range: spacing 2^-24
    public void StochasticRoundingLandsOnANeighbourAndIsUnbiased(ScalarType dtype, double below, double spacing)
    {
        const int n = 200_000;
        double value = below + 0.3 * spacing;
        using var generator = new Generator(11);
        var rounded = StochasticRounding.Round(full(n, (float)value), dtype, generator);

        Assert.Equal(dtype, rounded.dtype);
        var r = rounded.to(ScalarType.Float64);
        double lo = below, hi = below + spacing;
        Assert.True((r.eq(lo) | r.eq(hi)).all().item<bool>(), "every result is one of the two neighbours");
        double fractionUp = r.eq(hi).to(ScalarType.Float64).mean().item<double>();
        // 0.3 up on average; 5 standard errors of a binomial proportion over n draws.
        Assert.Equal(0.3, fractionUp, 5 * Math.Sqrt(0.3 * 0.7 / n));
    }

    [Fact]
    public void StochasticRoundingKeepsRepresentableValues()
    {
        using var generator = new Generator(3);
        var exact = tensor(new[] { 0f, 1f, -2.5f, 0.015625f, -168f / 8192 });
        var rounded = StochasticRounding.Round(exact, ScalarType.BFloat16, generator);
        Assert.True(rounded.to(ScalarType.Float32).eq(exact).all().item<bool>());
    }
}
