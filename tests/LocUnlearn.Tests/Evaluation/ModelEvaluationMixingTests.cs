using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Evaluation;

public class ModelEvaluationMixingTests
{
    private static bool BitEqual(Tensor a, Tensor b) => a.contiguous().bytes.SequenceEqual(b.contiguous().bytes);

    /// <summary>θo and a θu that differs from it only in layer 1's down_proj (what a region-restricted run produces).</summary>
    private static (LlamaForCausalLM Original, LlamaForCausalLM Unlearned) Pair()
    {
        var original = TinyModels.Create(TinyModels.Config(), seed: 1);
        var unlearned = TinyModels.Create(TinyModels.Config(), seed: 1);
        using var _ = no_grad();
        unlearned.DownProjWeights[1].add_(randn(unlearned.DownProjWeights[1].shape, generator: new TorchSharp.torch.Generator(9)) * 0.1);
        return (original, unlearned);
    }

    [Fact]
    public void MixingWritesTheInterpolationInPlaceKeepsOnlyChangedTensorsAndRestoresExactly()
    {
        var (original, unlearned) = Pair();
        using (original)
        using (unlearned)
        {
            var before = unlearned.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            using var mixer = new ParameterMixer(unlearned, original);
            Assert.Equal(["model.layers.1.mlp.down_proj.weight"], mixer.MixedParameters);

            mixer.Apply(0);
            foreach (var (name, t) in original.state_dict())
                Assert.True(BitEqual(t, unlearned.state_dict()[name]), $"α = 0: {name} is not θo");

            mixer.Apply(0.25);
            var expected = original.DownProjWeights[1] * 0.75 + before["model.layers.1.mlp.down_proj.weight"] * 0.25;
            Assert.True(allclose(expected, unlearned.DownProjWeights[1], rtol: 1e-6, atol: 1e-7));

            mixer.Restore();
            foreach (var (name, t) in before)
                Assert.True(BitEqual(t, unlearned.state_dict()[name]), $"restore: {name} is not θu");
        }
    }

    [Fact]
    public void UtilityBisectionFindsTheCrossingAndRestoresTheUnlearnedModel()
    {
        var (original, unlearned) = Pair();
        using (original)
        using (unlearned)
        {
            var before = unlearned.DownProjWeights[1].clone();
            using var mixer = new ParameterMixer(unlearned, original);
            var o = original.DownProjWeights[1];
            double full = (before - o).norm().item<float>();
            // A "utility" that falls linearly with the distance from θo, so the target 0.6 is crossed at α = 0.4.
            double Utility() => 1 - (unlearned.DownProjWeights[1] - o).norm().item<float>() / full;
            var result = mixer.BisectUtility(Utility, target: 0.6, tolerance: 1e-4);
            Assert.True(result.Reached);
            Assert.InRange(result.Alpha, 0.4 - 2e-4, 0.4 + 1e-5);
            Assert.True(BitEqual(before, unlearned.DownProjWeights[1]));
        }
    }
}
