using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

/// <summary>bf16 weights (model.dtype = bfloat16) on CPU: what is trained and the optimizer state stay fp32.</summary>
public class MixedPrecisionTrainingTests
{
    private static LlamaForCausalLM Bf16Model()
    {
        using var fp32 = TinyModels.Create(TinyModels.Config());
        var model = new LlamaForCausalLM(fp32.Config, dtype: ScalarType.BFloat16);
        using var _ = no_grad();
        var source = fp32.state_dict();
        foreach (var (name, p) in model.state_dict())
            p.copy_(source[name]);
        return model;
    }

    /// <summary>The same 4 × 10 batch every step, so the loss must fall.</summary>
    private static Tensor FixedBatchLoss(LlamaForCausalLM model)
    {
        var ids = randint(3, model.Config.VocabSize, [4, 10], generator: new Generator(42));
        return CausalLmLoss.MeanNll(model.forward(ids), ids);
    }

    private static bool BitEqual(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.contiguous().bytes.SequenceEqual(b.contiguous().bytes);

    [Fact]
    public void RegionTrainingOfABf16ModelKeepsFp32StateAndFreezesEverythingElse()
    {
        using var model = Bf16Model();
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 3);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
        var invariant = RegionInvariant.Capture(model, region, freeKeys: true);
        var config = new TrainingConfig { Steps = 8, LearningRate = 0.05, WeightDecay = 0.1, MaxGradNorm = 1.0 };
        TrainingResult result;
        var deltas = new List<Tensor>();
        using (var set = new RegionParameterSet(model, region, freeKeys: true))
        {
            Assert.All(set.Tensors, t => Assert.Equal(ScalarType.Float32, t.Value.dtype));
            result = new Trainer().Train(set, config, (_, _) => FixedBatchLoss(model), "bf16 region");
            deltas.AddRange(set.Tensors.Select(t => t.Value.detach().clone().DetachFromDisposeScope()));
            set.Commit();
        }

        Assert.True(result.Losses[^1] < result.Losses[0] - 0.1, $"loss {result.Losses[0]:F4} -> {result.Losses[^1]:F4}");
        // Two fp32 moments per region scalar; fp32 deltas need no master copy.
        Assert.Equal(2 * 4 * result.TrainableParameters, result.OptimizerStateBytes);
        Assert.True(invariant.Check(model).Holds);
        foreach (var (name, old) in before)
        {
            var now = model.state_dict()[name];
            Assert.Equal(ScalarType.BFloat16, now.dtype);
            bool regionTensor = name.EndsWith("down_proj.weight") || name.EndsWith("gate_proj.weight") || name.EndsWith("up_proj.weight");
            if (!regionTensor)
                Assert.True(BitEqual(old, now), $"{name} changed");
        }
        // The merge rounds base + delta once: layer 0's region columns are exactly bf16(fp32(base) + delta).
        var neurons = tensor(region.NeuronsIn(0).Select(i => (long)i).ToArray());
        var expected = (before["model.layers.0.mlp.down_proj.weight"].index_select(1, neurons).to(ScalarType.Float32) + deltas[0]).to(ScalarType.BFloat16);
        Assert.True(BitEqual(expected, model.DownProjWeights[0].index_select(1, neurons)));
    }

    [Fact]
    public void FullParameterTrainingOfABf16ModelUpdatesAnFp32Master()
    {
        using var model = Bf16Model();
        var q = model.model.layers[0].self_attn.q_proj.weight!;
        var start = q.clone().DetachFromDisposeScope();
        // |w| ~ 0.15 has a bf16 spacing of ~1e-3: a step of lr = 1e-4 alone rounds back to the old value, twenty of
        // them add up in the master copy and move the weight.
        var config = new TrainingConfig { Steps = 20, LearningRate = 1e-4, MaxGradNorm = 0 };
        var result = new Trainer().Train(new FullParameterSet(model), config, (_, _) => FixedBatchLoss(model), "bf16 full");

        Assert.Equal(ScalarType.BFloat16, q.dtype);
        double changed = q.ne(start).to(ScalarType.Float32).mean().item<float>();
        Assert.True(changed > 0.5, $"only {changed:P0} of a bf16 weight moved");
        Assert.True(result.Losses[^1] < result.Losses[0], $"loss {result.Losses[0]:F4} -> {result.Losses[^1]:F4}");
        // Moments (2 × 4 bytes) and the fp32 master (4 bytes) per trained scalar.
        Assert.Equal(3 * 4 * result.TrainableParameters, result.OptimizerStateBytes);
    }
}
