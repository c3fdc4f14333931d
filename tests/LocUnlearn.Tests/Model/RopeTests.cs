using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class RopeTests
{
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
}
