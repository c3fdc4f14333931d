using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

/// <summary>
/// <see cref="AdamW8bit"/> against <see cref="MaskedAdamW"/> on the same model, data and hyper-parameters, with the
/// tolerances of issue 19: final loss within 2% and the loss curve within 5% pointwise after the first 10% of steps.
/// </summary>
public class AdamW8bitTests(ITestOutputHelper output)
{
    private const int Steps = 120;

    /// <summary>Large enough that most tensors are quantized (≥ 4096 values: attention 64², MLP 64·128, embeddings).</summary>
    private static LlamaConfig Config() => TinyModels.Config() with
    {
        HiddenSize = 64, IntermediateSize = 128, VocabSize = 256, NumAttentionHeads = 4, NumKeyValueHeads = 4, HeadDim = 16,
        InitializerRange = 0.02,
    };

    private static LlamaForCausalLM Model(ScalarType dtype)
    {
        var fp32 = TinyModels.Create(Config(), seed: 4);
        if (dtype == ScalarType.Float32)
            return fp32;
        using (fp32)
        {
            var model = new LlamaForCausalLM(fp32.Config, dtype: dtype);
            using var _ = no_grad();
            var source = fp32.state_dict();
            foreach (var (name, p) in model.state_dict())
                p.copy_(source[name]);
            return model;
        }
    }

    /// <summary>
    /// Sequences where each token is, with probability 1/2, a fixed function of the one before and otherwise uniform:
    /// the loss falls from ln 256 ≈ 5.5 towards the entropy floor ≈ 3.4, as a fine-tuning loss levels off above zero.
    /// (On a fully deterministic table the loss goes to ~0.05, where relative tolerances compare noise: both optimizers
    /// end near 0.05 there, 8-bit 8% above in fp32.)
    /// </summary>
    private static Tensor Batch(int step)
    {
        var g = new Generator(1000 + (ulong)step);
        var random = randint(3, 256, [16, 24], generator: g).data<long>().ToArray();
        var follow = (rand([16, 24], generator: g) < 0.5).data<bool>().ToArray();
        var rows = new long[16, 24];
        for (int r = 0; r < 16; r++)
            for (int t = 0; t < 24; t++)
            {
                int i = r * 24 + t;
                rows[r, t] = t > 0 && follow[i] ? 3 + (rows[r, t - 1] * 37 + 11) % 253 : random[i];
            }
        return tensor(rows);
    }

    private static TrainingResult Train(LlamaForCausalLM model, OptimizerKind optimizer, double lr)
    {
        var config = new TrainingConfig { Steps = Steps, LearningRate = lr, WarmupSteps = 10, WeightDecay = 0.01, Optimizer = optimizer, Seed = 5 };
        return new Trainer().Train(new FullParameterSet(model), config, (step, _) =>
        {
            var ids = Batch(step);
            return CausalLmLoss.MeanNll(model.forward(ids), ids);
        }, $"{optimizer}");
    }

    private void AssertCurvesClose(IReadOnlyList<double> adamw, IReadOnlyList<double> eightBit)
    {
        var relative = adamw.Zip(eightBit, (a, b) => Math.Abs(b - a) / a).ToArray();
        double worst = relative.Skip(Steps / 10).Max();
        double final = Math.Abs(eightBit[^1] - adamw[^1]) / adamw[^1];
        output.WriteLine($"loss {adamw[0]:F4} -> AdamW {adamw[^1]:F4}, 8-bit {eightBit[^1]:F4}; final rel. diff {final:P2}, " +
            $"max pointwise after step {Steps / 10}: {worst:P2} (step {Array.IndexOf(relative, worst)})");
        Assert.True(adamw[^1] < 0.75 * adamw[0], $"the task must be learned: {adamw[0]:F3} -> {adamw[^1]:F3}");
        Assert.True(final <= 0.02, $"final loss {eightBit[^1]:F4} vs {adamw[^1]:F4}");
        Assert.True(worst <= 0.05, $"pointwise {worst:P2}");
    }

    [Fact]
    public void Fp32LossCurveFollowsAdamW()
    {
        using var a = Model(ScalarType.Float32);
        using var b = Model(ScalarType.Float32);
        var adamw = Train(a, OptimizerKind.AdamW, 3e-3);
        var eightBit = Train(b, OptimizerKind.AdamW8bit, 3e-3);
        AssertCurvesClose(adamw.Losses, eightBit.Losses);
    }

    [Fact]
    public void Bf16WithStochasticRoundingFollowsAdamWWithAnFp32Master()
    {
        using var a = Model(ScalarType.BFloat16);
        using var b = Model(ScalarType.BFloat16);
        var adamw = Train(a, OptimizerKind.AdamW, 3e-3);
        var eightBit = Train(b, OptimizerKind.AdamW8bit, 3e-3);
        AssertCurvesClose(adamw.Losses, eightBit.Losses);
        Assert.All(b.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
    }

    [Fact]
    public void StateIsAboutTwoBytesPerParameterAndNoMaster()
    {
        using var model = Model(ScalarType.BFloat16);
        var set = new FullParameterSet(model);
        using var optimizer = new AdamW8bit(set.Tensors, new TrainingConfig());
        long expected = set.Tensors.Sum(t =>
        {
            long n = t.Value.numel();
            return n < 4096 ? 2 * 4 * n : 2 * ((n + 255) / 256 * 256 + (n + 255) / 256 * 4);
        });
        Assert.Equal(expected, optimizer.StateBytes);
        Assert.InRange(optimizer.StateBytes / (double)set.ParameterCount, 2.0, 2.1);
    }

    [Fact]
    public void SmallUpdatesOfBf16WeightsSurviveInExpectation()
    {
        // |w| ~ 0.02 has a bf16 spacing of ~1.2e-4: a step of lr 1e-5 alone rounds back to the old value.
        Tensor Moved(OptimizerKind optimizer)
        {
            using var model = Model(ScalarType.BFloat16);
            var q = model.model.layers[0].self_attn.q_proj.weight!;
            var start = q.to(ScalarType.Float32).DetachFromDisposeScope();
            var config = new TrainingConfig { Steps = 30, LearningRate = 1e-5, MaxGradNorm = 0, Optimizer = optimizer };
            var ids = Batch(0);
            new Trainer().Train(new FullParameterSet(model), config, (_, _) => CausalLmLoss.MeanNll(model.forward(ids), ids), "small");
            return (q.to(ScalarType.Float32) - start).DetachFromDisposeScope();
        }

        var master = Moved(OptimizerKind.AdamW);
        var rounded = Moved(OptimizerKind.AdamW8bit);
        double fraction = rounded.ne(0).to(ScalarType.Float32).mean().item<float>();
        // Rounding adds zero-mean noise of about a spacing to each weight; along the master copy's direction of
        // movement the stochastically rounded weights move as far on average.
        double along = (rounded * master.sign()).mean().item<float>(), expected = master.abs().mean().item<float>();
        output.WriteLine($"moved {fraction:P0}; mean movement along the master's {along:E2} vs {expected:E2}");
        Assert.True(fraction > 0.5, $"only {fraction:P0} of a bf16 weight moved");
        Assert.InRange(along / expected, 0.8, 1.2);
    }

    [Fact]
    public void RegionTrainingKeepsMaskedAdamW()
    {
        using var model = Model(ScalarType.Float32);
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 128), 0.1, seed: 1);
        using var set = new RegionParameterSet(model, region);
        var ids = Batch(0);
        var result = new Trainer().Train(set, new TrainingConfig { Steps = 1, Optimizer = OptimizerKind.AdamW8bit },
            (_, _) => CausalLmLoss.MeanNll(model.forward(ids), ids), "region");
        Assert.Equal(2 * 4 * result.TrainableParameters, result.OptimizerStateBytes);
    }
}
