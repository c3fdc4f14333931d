using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

public class MaskedTrainingTests
{
    private static Tensor RandomTokenLoss(LlamaForCausalLM model, int step)
    {
        var g = new Generator(100 + (ulong)step);
        var ids = randint(3, model.Config.VocabSize, [4, 10], generator: g);
        return CausalLmLoss.MeanNll(model.forward(ids), ids);
    }

    private static bool BitEqual(Tensor a, Tensor b) =>
        a.contiguous().bytes.SequenceEqual(b.contiguous().bytes);

    private static Dictionary<string, Tensor> Snapshot(LlamaForCausalLM model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutsideTheRegionEveryParameterStaysBitIdenticalWithWeightDecayAndClipping(bool freeKeys)
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var shape = new RegionShape(2, 24);
        var region = RegionSampler.UniformGlobal(shape, 0.25, seed: 3);
        var before = Snapshot(model);
        var invariant = RegionInvariant.Capture(model, region, freeKeys);
        var config = new TrainingConfig { Steps = 6, LearningRate = 0.05, WeightDecay = 0.1, MaxGradNorm = 0.5, WarmupSteps = 2, Schedule = LrSchedule.Cosine };
        TrainingResult result;
        using (var set = new RegionParameterSet(model, region, freeKeys))
        {
            result = new Trainer().Train(set, config, (step, _) => RandomTokenLoss(model, step), "test");
            Assert.Equal(region.Count * 16 * (freeKeys ? 3 : 1), set.ParameterCount);
            set.Commit();
        }
        Assert.True(invariant.Check(model).Holds);
        var after = model.state_dict();
        foreach (var (name, old) in before)
        {
            var now = after[name];
            if (name.EndsWith("down_proj.weight") || (freeKeys && (name.EndsWith("gate_proj.weight") || name.EndsWith("up_proj.weight"))))
            {
                int layer = int.Parse(name.Split('.')[2]);
                int dim = name.EndsWith("down_proj.weight") ? 1 : 0;
                var inRegion = region.NeuronsIn(layer).ToHashSet();
                for (int i = 0; i < 24; i++)
                {
                    bool same = BitEqual(old.select(dim, i), now.select(dim, i));
                    Assert.True(inRegion.Contains(i) ? !same : same, $"{name} column/row {i} (in region: {inRegion.Contains(i)})");
                }
            }
            else
            {
                Assert.True(BitEqual(old, now), $"{name} changed outside the region");
            }
        }
        // Optimizer state scales with the region: two fp32 moments per trained scalar.
        Assert.Equal(2 * 4 * result.TrainableParameters, result.OptimizerStateBytes);
    }

    [Fact]
    public void DiscardingOrRevertingRegionTrainingRestoresTheModelExactly()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 5);
        var before = Snapshot(model);
        var config = new TrainingConfig { Steps = 3, LearningRate = 0.05 };
        using (var set = new RegionParameterSet(model, region))
        {
            new Trainer().Train(set, config, (step, _) => RandomTokenLoss(model, step), "discard");
            using var trained = model.forward(TinyModels.Ids([1, 5, 9]));
            using var original = TinyModels.Create(TinyModels.Config()).forward(TinyModels.Ids([1, 5, 9]));
            Assert.False(trained.equal(original).all().item<bool>(), "the deltas take part in the forward pass");
        }
        foreach (var (name, t) in model.state_dict())
            Assert.True(BitEqual(before[name], t), name);
        using (var set = new RegionParameterSet(model, region))
        {
            new Trainer().Train(set, config, (step, _) => RandomTokenLoss(model, step), "revert");
            set.Commit();
            Assert.False(BitEqual(before["model.layers.0.mlp.down_proj.weight"], model.DownProjWeights[0]) &&
                         BitEqual(before["model.layers.1.mlp.down_proj.weight"], model.DownProjWeights[1]));
            set.Revert();
        }
        foreach (var (name, t) in model.state_dict())
            Assert.True(BitEqual(before[name], t), name);
    }

    [Fact]
    public void InvariantCheckDetectsAChangeOutsideTheRegion()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 3);
        var invariant = RegionInvariant.Capture(model, region, false);
        int outside = Enumerable.Range(0, 24).First(i => !region.Contains(new ValueVector(0, i)));
        int inside = region.NeuronsIn(0)[0];
        using (no_grad())
            model.model.layers[0].mlp.down_proj.weight![3, inside].add_(1f);
        Assert.True(invariant.Check(model).Holds);
        using (no_grad())
            model.model.layers[0].mlp.down_proj.weight![3, outside].add_(1f);
        var check = invariant.Check(model);
        Assert.False(check.Holds);
        Assert.Equal(["model.layers.0.mlp.down_proj.weight"], check.ChangedOutsideRegion);
    }

    [Fact]
    public void MaskedAdamWOnAllParametersMatchesTorchAdamW()
    {
        using var ours = TinyModels.Create(TinyModels.Config());
        using var theirs = TinyModels.Create(TinyModels.Config());
        var config = new TrainingConfig { Steps = 3, LearningRate = 0.01, WeightDecay = 0.05, MaxGradNorm = 0 };
        new Trainer().Train(new FullParameterSet(ours), config, (step, _) => RandomTokenLoss(ours, step), "test");
        var opt = optim.AdamW(theirs.parameters(), lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.05);
        for (int step = 0; step < 3; step++)
        {
            opt.zero_grad();
            RandomTokenLoss(theirs, step).backward();
            opt.step();
        }
        var a = ours.state_dict();
        foreach (var (name, t) in theirs.state_dict())
            Assert.True(allclose(a[name], t, rtol: 1e-5, atol: 1e-6), name);
    }

    [Fact]
    public void RegionDeltaTrainingEqualsMaskedFullTraining()
    {
        // Reference: train every down_proj fully with gradients masked to the region and decay only there.
        using var viaDelta = TinyModels.Create(TinyModels.Config());
        using var viaMask = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 9);
        var config = new TrainingConfig { Steps = 4, LearningRate = 0.02, WeightDecay = 0.1, MaxGradNorm = 0 };
        using (var set = new RegionParameterSet(viaDelta, region))
        {
            new Trainer().Train(set, config, (step, _) => RandomTokenLoss(viaDelta, step), "delta");
            set.Commit();
        }

        foreach (var p in viaMask.parameters()) p.requires_grad_(false);
        var masks = Enumerable.Range(0, 2).Select(l =>
        {
            var m = zeros(16, 24);
            foreach (int i in region.NeuronsIn(l)) m[.., i] = 1;
            return m;
        }).ToArray();
        var downs = viaMask.DownProjWeights;
        var m1 = downs.Select(w => zeros_like(w)).ToArray();
        var v1 = downs.Select(w => zeros_like(w)).ToArray();
        for (int step = 0; step < 4; step++)
        {
            foreach (var w in downs) w.requires_grad_(true);
            foreach (var w in downs) w.grad?.zero_();
            RandomTokenLoss(viaMask, step).backward();
            using var _ = no_grad();
            for (int l = 0; l < 2; l++)
            {
                var w = downs[l];
                var g = w.grad! * masks[l];
                w.sub_(w * masks[l] * (0.02 * 0.1));
                m1[l] = m1[l] * 0.9 + g * 0.1;
                v1[l] = v1[l] * 0.999 + g * g * 0.001;
                double bc1 = 1 - Math.Pow(0.9, step + 1), bc2 = 1 - Math.Pow(0.999, step + 1);
                w.sub_(m1[l] / bc1 / ((v1[l] / bc2).sqrt() + 1e-8) * 0.02 * masks[l]);
            }
        }
        for (int l = 0; l < 2; l++)
            Assert.True(allclose(viaDelta.DownProjWeights[l], downs[l], rtol: 1e-4, atol: 1e-6), $"layer {l}");
    }

    [Fact]
    public void NonFiniteLossStopsTheRunWithAClearMessage()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var e = Assert.Throws<NonFiniteLossException>(() => new Trainer().Train(new FullParameterSet(model),
            new TrainingConfig { Steps = 3 }, (step, _) => step == 1 ? tensor(float.NaN, requires_grad: true) : RandomTokenLoss(model, step), "run npo/oracle/seed0"));
        Assert.Equal(1, e.Step);
        Assert.Contains("run npo/oracle/seed0", e.Message);
    }

    [Theory]
    [InlineData(LrSchedule.Constant, new[] { 0.0, 0.5, 1.0, 1.0, 1.0, 1.0 })]
    [InlineData(LrSchedule.Linear, new[] { 0.0, 0.5, 1.0, 0.75, 0.5, 0.25 })]
    public void LearningRateScheduleMatchesHf(LrSchedule schedule, double[] expected)
    {
        var c = new TrainingConfig { Steps = 6, LearningRate = 1.0, WarmupSteps = 2, Schedule = schedule };
        Assert.Equal(expected, Enumerable.Range(0, 6).Select(c.LearningRateAt).ToArray());
        var cos = new TrainingConfig { Steps = 6, LearningRate = 1.0, WarmupSteps = 2, Schedule = LrSchedule.Cosine };
        Assert.Equal(0.5, cos.LearningRateAt(4), 12); // halfway through the decay
    }
}
