using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Unlearning;

public class UnlearningRunTests(ITestOutputHelper output)
{
    private static UnlearningRunSettings Settings(int steps, double lr = 0.02) => new()
    {
        Training = new TrainingConfig { Steps = steps, BatchSize = 4, LearningRate = lr, WeightDecay = 0.1, Seed = 3 },
        EvalEvery = 2,
    };

    private static double ForgetNll(LlamaForCausalLM model, UnlearningData data)
    {
        using var scope = NewDisposeScope();
        using var batch = UnlearningFixtures.Collator.CollateIndices(data.Forget, Enumerable.Range(0, data.Forget.Count).ToArray());
        return CausalLmLoss.MeanNll(model.forward(batch.InputIds, batch.AttentionMask), batch.Labels).item<float>();
    }

    [Theory]
    [InlineData("ga")]
    [InlineData("gd")]
    [InlineData("wga")]
    [InlineData("npo")]
    [InlineData("dpo")]
    [InlineData("rmu")]
    public void EveryObjectiveRunsOnARegionAndLeavesEverythingOutsideItBitIdentical(string name)
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 4);
        var data = UnlearningFixtures.Data(40);
        var objective = UnlearningObjectives.Create(name, new ObjectiveSettings { Rmu = new RmuSettings { Layer = 1 } });
        var result = UnlearningRun.Run(model, region, objective, data, UnlearningFixtures.Collator, Settings(5),
            (step, m) => ForgetNll(m, data), context: name);
        Assert.NotNull(result.Invariant);
        Assert.True(result.Invariant!.Holds, string.Join(", ", result.Invariant.ChangedOutsideRegion));
        Assert.Equal([0, 2, 4, 5], result.Trajectory.Select(p => p.Step));
        Assert.Equal(5, result.Training.Losses.Count);
        Assert.Equal(region.Count * 16, result.Training.TrainableParameters);
        Assert.True(result.Training.Losses.All(double.IsFinite));
        // The unlearned model differs from θo and its deltas are merged.
        Assert.All(model.Mlps, m => Assert.Null(m.Delta));
        Assert.NotEqual(result.Trajectory[0].Point, ForgetNll(model, data));
        output.WriteLine($"{name}: loss {result.Training.Losses[0]:F4} -> {result.Training.Losses[^1]:F4}; forget NLL {result.Trajectory[0].Point:F4} -> {result.Trajectory[^1].Point:F4}");
    }

    [Fact]
    public void GradientAscentRaisesTheForgetNll()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.5, seed: 4);
        var data = UnlearningFixtures.Data(40);
        var result = UnlearningRun.Run(model, region, new GradientAscent(), data, UnlearningFixtures.Collator, Settings(6),
            (step, m) => ForgetNll(m, data));
        Assert.True(result.Trajectory[^1].Point > result.Trajectory[0].Point + 0.05);
    }

    [Fact]
    public void RmuLossFallsOverSteps()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.5, seed: 4);
        var rmu = new Rmu(new RmuSettings { Layer = 1, CoefficientScale = 2, Alpha = 1 });
        var result = UnlearningRun.Run(model, region, rmu, UnlearningFixtures.Data(40), UnlearningFixtures.Collator, Settings(40, lr: 0.05));
        var losses = result.Training.Losses;
        double first = losses.Take(4).Average(), last = losses.TakeLast(4).Average();
        output.WriteLine($"RMU (c = {rmu.Coefficient:F3}): mean loss of the first 4 steps {first:F4}, of the last 4 {last:F4}");
        Assert.True(last < 0.9 * first, $"RMU loss did not fall: {first} -> {last}");
        Assert.True(result.Invariant!.Holds);
    }

    [Fact]
    public void FullParameterNpoUsesAFrozenCopyAsReference()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var npo = new Npo(new NpoSettings { Retain = RetainTerm.None });
        var result = UnlearningRun.Run(model, null, npo, UnlearningFixtures.Data(40), UnlearningFixtures.Collator, Settings(3, lr: 0.01));
        Assert.Null(result.Invariant);
        Assert.Equal(2 / 0.1 * Math.Log(2), result.Training.Losses[0], 3); // step 0: θ = θo
        Assert.True(result.Training.Losses[^1] < result.Training.Losses[0]);
    }

    [Theory]
    [InlineData("npo")]
    [InlineData("dpo")]
    public void PrecomputedReferenceLogProbsGiveTheSameRunAsAReferencePassPerStep(string name)
    {
        double[] Losses(bool precompute)
        {
            using var model = TinyModels.Create(TinyModels.Config());
            var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 4);
            var settings = Settings(4) with { PrecomputeReferenceLogProbs = precompute };
            return UnlearningRun.Run(model, region, UnlearningObjectives.Create(name), UnlearningFixtures.Data(40),
                UnlearningFixtures.Collator, settings).Training.Losses.ToArray();
        }
        var cached = Losses(true);
        var perStep = Losses(false);
        for (int i = 0; i < cached.Length; i++)
            Assert.Equal(perStep[i], cached[i], 3);
    }

    [Fact]
    public void WithoutCommitTheModelStaysThetaOAndTheTrajectoryStillMoves()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.5, seed: 4);
        var data = UnlearningFixtures.Data(40);
        var result = UnlearningRun.Run(model, region, new GradientAscent(), data, UnlearningFixtures.Collator,
            Settings(4) with { CommitToModel = false }, (step, m) => ForgetNll(m, data));
        Assert.True(result.Trajectory[^1].Point > result.Trajectory[0].Point);
        Assert.All(model.Mlps, m => Assert.Null(m.Delta));
        foreach (var (name, p) in model.state_dict())
            Assert.True(p.eq(before[name]).all().item<bool>(), name);
        Assert.Equal(result.Trajectory[0].Point, ForgetNll(model, data));
    }

    [Fact]
    public void DataOrderIsTheSameForEveryRegionOfASeed()
    {
        var data = UnlearningFixtures.Data(40);
        var a = new UnlearningBatches(data, UnlearningFixtures.Collator, 4, seed: 7);
        var b = new UnlearningBatches(data, UnlearningFixtures.Collator, 4, seed: 7);
        for (int i = 0; i < 5; i++)
            Assert.Equal(a.ForgetIndices(i), b.ForgetIndices(i));
        var gd = UnlearningObjectives.Create("gd");
        using var x = a.Get(3, gd, CPU);
        using var y = b.Get(3, gd, CPU);
        Assert.True(x.Retain!.InputIds.eq(y.Retain!.InputIds).all().item<bool>());
    }

    [Fact]
    public void SuspendedDeltaReferenceEqualsAFrozenCopyOfThetaO()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var copy = FrozenCopyReference.Of(model);
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 2);
        using var set = new RegionParameterSet(model, region);
        using (no_grad())
            foreach (var t in set.Tensors) t.Value.normal_(0, 0.5);
        var data = UnlearningFixtures.Data(40);
        using var batch = UnlearningFixtures.Collator.CollateIndices(data.Forget, [0, 1, 2]);
        var suspended = new SuspendedDeltaReference(model).Forward(batch);
        var frozen = copy.Forward(batch);
        Assert.True(suspended.eq(frozen).all().item<bool>(), "suspended-delta logits differ from the frozen copy's");
        Assert.False(suspended.requires_grad);
        var trained = model.forward(batch.InputIds, batch.AttentionMask);
        Assert.False(allclose(trained, frozen, atol: 1e-4), "the deltas should change θ's logits");
        Assert.All(model.Mlps.Where((_, l) => region.NeuronsIn(l).Count > 0), m => Assert.NotNull(m.Delta)); // restored
    }

    [Fact]
    public void MlpReconstructionPullsRegionTowardsThetaRAndKeepsTheInvariant()
    {
        using var model = TinyModels.Create(TinyModels.Config(), seed: 1);
        using var thetaR = new FrozenCopyReference(TinyModels.Create(TinyModels.Config(), seed: 2));
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.5, seed: 2);
        var data = UnlearningFixtures.Data(40);
        double[] before = MlpReconstruction.MeasureResiduals(model, thetaR, data.Forget, UnlearningFixtures.Collator, 4);
        var result = UnlearningRun.Run(model, region, new MlpReconstruction(), data, UnlearningFixtures.Collator, Settings(30, lr: 0.05),
            thetaR);
        double[] after = MlpReconstruction.MeasureResiduals(model, thetaR, data.Forget, UnlearningFixtures.Collator, 4);
        output.WriteLine($"per-layer MLP residuals: [{string.Join(", ", before.Select(x => x.ToString("F4")))}] -> [{string.Join(", ", after.Select(x => x.ToString("F4")))}]");
        Assert.True(result.Invariant!.Holds);
        Assert.True(after.Sum() < 0.9 * before.Sum());
    }
}
