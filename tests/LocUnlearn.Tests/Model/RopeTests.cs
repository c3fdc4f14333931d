using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class RopeTests
{
    private static bool BitEqual(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void Llama3ScalingMatchesHandComputation()
    {
        // LLaMA-3.1 values: theta 500000, head_dim 128, factor 8, low 1, high 4, original 8192.
        var s = new Llama3RopeScaling(8.0, 1.0, 4.0, 8192);
        using var inv = RotaryEmbedding.InverseFrequencies(128, 500000, s);
        var got = inv.data<float>().ToArray();
        Assert.Equal(64, got.Length);
        int low = 0, mid = 0, high = 0;
        for (int j = 0; j < 64; j++)
        {
            double f = 1.0 / Math.Pow(500000, 2.0 * j / 128);
            double wavelen = 2 * Math.PI / f;
            double expected;
            if (wavelen < 8192 / 4.0) { expected = f; high++; }
            else if (wavelen > 8192 / 1.0) { expected = f / 8; low++; }
            else
            {
                double smooth = (8192 / wavelen - 1.0) / (4.0 - 1.0);
                expected = (1 - smooth) * f / 8 + smooth * f;
                mid++;
            }
            Assert.True(Math.Abs(got[j] - expected) <= 2e-6 * expected, $"j={j}: {got[j]} vs {expected}");
        }
        Assert.True(low > 0 && mid > 0 && high > 0, "the LLaMA-3.1 values exercise all three bands");
    }

    [Fact]
    public void WithoutScalingInverseFrequenciesArePowersOfTheta()
    {
        using var inv = RotaryEmbedding.InverseFrequencies(8, 10000, null);
        var got = inv.data<float>().ToArray();
        for (int j = 0; j < 4; j++)
            Assert.Equal(1.0 / Math.Pow(10000, 2.0 * j / 8), got[j], 6);
    }

    [Theory]
    [InlineData(64, 10000.0, 0)]
    [InlineData(128, 500000.0, 300)] // past the first table (256 rows), so the table has grown once
    public void TableAnglesEqualAnglesComputedPerPosition(int headDim, double theta, long start)
    {
        var config = TinyModels.Config() with { HiddenSize = 2 * headDim, NumAttentionHeads = 2, NumKeyValueHeads = 2, HeadDim = headDim, RopeTheta = theta };
        using var rope = new RotaryEmbedding(config);
        using var scope = NewDisposeScope();
        var like = zeros(1, 1, 2 * headDim);
        rope.Angles(0, 20, like); // builds the first table
        var (cos, sinRotated) = rope.Angles(start, 40, like);
        // The per-call formula the tables replace: fp32 pos·inv_freq, duplicated halves, cos/sin of that.
        var inv = RotaryEmbedding.InverseFrequencies(headDim, theta, null);
        var freqs = arange(start, start + 40, dtype: ScalarType.Int64).to(ScalarType.Float32).unsqueeze(-1) * inv;
        var emb = cat([freqs, freqs], -1);
        Assert.True(BitEqual(cos, emb.cos()));
        var sin = emb.sin();
        Assert.True(BitEqual(sinRotated, cat([-sin.narrow(-1, 0, headDim / 2), sin.narrow(-1, headDim / 2, headDim / 2)], -1)));
    }

    [Fact]
    public void ApplyEqualsRotateHalfBitForBit()
    {
        var config = TinyModels.Config() with { HiddenSize = 128, NumAttentionHeads = 2, NumKeyValueHeads = 2, HeadDim = 64 };
        using var rope = new RotaryEmbedding(config);
        using var scope = NewDisposeScope();
        var x = randn([2, 3, 7, 64], generator: new Generator(11));
        var (cos, sinRotated) = rope.Angles(5, 7, zeros(1, 1, 128));
        // HF: x·cos + rotate_half(x)·sin, rotate_half(x) = [-x₂, x₁]; sin = [s, s] (both halves the same angles)
        var sin = cat([-sinRotated.narrow(-1, 0, 32), sinRotated.narrow(-1, 32, 32)], -1);
        var rotated = cat([-x.narrow(-1, 32, 32), x.narrow(-1, 0, 32)], -1);
        var expected = x * cos + rotated * sin;
        Assert.True(BitEqual(RotaryEmbedding.Apply(x, cos, sinRotated), expected));
    }
}
