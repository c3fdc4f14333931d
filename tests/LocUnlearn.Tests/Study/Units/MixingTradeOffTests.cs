using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Evaluation;
using LocUnlearn.Study.Units;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Study.Units;

public sealed class MixingTradeOffTests
{
    /// <summary>θo (a tiny random model) with a random region delta on two value vectors per layer, free keys on.</summary>
    private static LlamaForCausalLM ThetaOWithDelta(long seed = 5)
    {
        var model = TinyModels.Create(TinyModels.Config(), seed);
        var g = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var mlp in model.Mlps)
        {
            mlp.Delta = new MlpRegionDelta(tensor(new long[] { 1, 7 }), model.Config.HiddenSize, freeKeys: true, model.Device);
            foreach (var t in mlp.Delta.Trainable)
                t.normal_(0, 0.5, g);
        }
        return model;
    }

    [Fact]
    public void EachMixtureIsThetaOPlusAlphaTimesTheDeltaAndTheDeltaIsRestoredExactly()
    {
        using var model = ThetaOWithDelta();
        using var input = TinyModels.Ids([1, 5, 9, 3, 12, 4]);
        var before = model.Mlps.SelectMany(m => m.Delta!.Trainable).Select(t => t.clone()).ToList();
        var logitsAt = new List<Tensor>();
        var thetaO = new TradeOffPoint(0, 1, -10, 1);

        var result = MixingTradeOff.Evaluate(model, thetaO, gridSize: 5, m =>
        {
            using (no_grad()) logitsAt.Add(m.forward(input).detach().clone().DetachFromDisposeScope());
            return new TradeOffPoint(0.5, 0.5, -5, 0.99); // MU stays above 0.95: the bisection ends at α = 1 at once
        });

        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], result.Grid.Select(p => p.Alpha));
        Assert.Equal(4, logitsAt.Count); // α = 0 is θo's point, given; α = 1 is not evaluated twice
        foreach (var (alpha, logits) in new[] { 0.25, 0.5, 0.75, 1.0 }.Zip(logitsAt))
        {
            // The same mixture built the slow way: a copy of θo with α·Δ merged into its weights.
            using var reference = TinyModels.Create(TinyModels.Config(), 5);
            using (no_grad())
                foreach (var (mlp, source) in reference.Mlps.Zip(model.Mlps))
                {
                    using var scaled = new MlpRegionDelta(source.Delta!.Neurons, model.Config.HiddenSize, freeKeys: true, model.Device);
                    foreach (var (t, s) in scaled.Trainable.Zip(source.Delta.Trainable))
                        t.copy_(s * alpha);
                    Mlp.MergeInto(mlp, scaled);
                }
            using var expected = reference.forward(input);
            Assert.True(logits.allclose(expected, rtol: 1e-5, atol: 1e-5), $"α = {alpha}");
        }
        Assert.Equal(1.0, result.Mu95Alpha);
        Assert.Equal(-5, result.Mu95);
        Assert.All(model.Mlps.SelectMany(m => m.Delta!.Trainable).Zip(before), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
    }

    [Fact]
    public void AuesIsTheGridsAreaAndMu95TheForgetQualityWhereUtilityMeetsNinetyFivePercent()
    {
        using var model = ThetaOWithDelta();
        double fullSum = model.Mlps.Sum(m => m.Delta!.Down.sum().item<float>());
        var thetaO = new TradeOffPoint(0, 1, -12, 0.8);
        // A model-readout "metric": α from the live delta; FS = α, RS = 1 - α², MU = 0.8·(1 - α/2), log10 FQ = -12 + 10α.
        TradeOffPoint Evaluate(LlamaForCausalLM m)
        {
            double alpha = m.Mlps.Sum(x => x.Delta!.Down.sum().item<float>()) / fullSum;
            return new TradeOffPoint(alpha, 1 - alpha * alpha, -12 + 10 * alpha, 0.8 * (1 - alpha / 2));
        }

        var result = MixingTradeOff.Evaluate(model, thetaO, gridSize: 11, Evaluate);

        var expectedGrid = Enumerable.Range(0, 11).Select(i => i / 10.0).Select(a => new TradeOffPoint(a, 1 - a * a, 0, 0));
        Assert.Equal(Aues.Compute(expectedGrid), result.Aues, 5);
        // MU = 0.95·0.8 at α = 0.1: the largest α found keeps MU ≥ 0.76, within the bisection tolerance below 0.1.
        Assert.InRange(result.Mu95Alpha!.Value, 0.1 - MixingTradeOff.AlphaTolerance, 0.1 + 1e-5);
        Assert.Equal(-12 + 10 * result.Mu95Alpha.Value, result.Mu95!.Value, 4);
    }

    [Fact]
    public void WhenEveryMixtureLosesTooMuchUtilityMu95IsThetaOsOwn()
    {
        using var model = ThetaOWithDelta();
        var thetaO = new TradeOffPoint(0, 1, -12, 0.8);

        var result = MixingTradeOff.Evaluate(model, thetaO, gridSize: 3, m => new TradeOffPoint(1, 0.2, -1, 0.1));

        // α = 0 is θo, which always keeps its own utility: the bisection never leaves it.
        Assert.Equal(0.0, result.Mu95Alpha);
        Assert.Equal(-12, result.Mu95);
    }
}
