using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

/// <summary>Gradient clipping against hand-computed norms, and gradient accumulation against one large batch.</summary>
public class ClippingAndAccumulationTests
{
    /// <summary>Two trainable tensors whose gradients are (3, 4) and (12): global norm 13.</summary>
    private static (Tensor A, Tensor B) WithKnownGradients()
    {
        var a = ones(2).requires_grad_(true);
        var b = ones(1).requires_grad_(true);
        using var loss = (a * tensor(new[] { 3f, 4f })).sum() + (b * 12f).sum();
        loss.backward();
        return (a, b);
    }

    private static float[] Grad(Tensor t)
    {
        using var g = t.grad!;
        return g.data<float>().ToArray();
    }

    [Fact]
    public void ClippingReturnsTheGlobalNormAndScalesTheGradientsDownToMaxNorm()
    {
        var (a, b) = WithKnownGradients();
        TrainableTensor[] tensors = [new("a", a), new("b", b)];

        double norm = TrainableGradients.ClipGlobalNorm(tensors, 6.5);

        Assert.Equal(13.0, norm, 5);
        float[] ga = Grad(a), gb = Grad(b);
        // Scaled by 6.5 / 13 = 0.5, every tensor by the same factor, so the global norm is now maxNorm.
        Assert.Equal(new[] { 1.5, 2.0, 6.0 }, ga.Concat(gb).Select(x => (double)x).ToArray(), (x, y) => Math.Abs(x - y) < 1e-5);
        double after = Math.Sqrt(ga.Concat(gb).Sum(x => (double)x * x));
        Assert.Equal(6.5, after, 4);
    }

    [Fact]
    public void GradientsBelowMaxNormAreLeftUntouched()
    {
        var (a, b) = WithKnownGradients();
        TrainableTensor[] tensors = [new("a", a), new("b", b)];

        double norm = TrainableGradients.ClipGlobalNorm(tensors, 20);

        Assert.Equal(13.0, norm, 5);
        Assert.Equal(new[] { 3f, 4f }, Grad(a)); // bit-identical, not rescaled by ~1
        Assert.Equal(new[] { 12f }, Grad(b));
        Assert.Equal(13.0, TrainableGradients.ClipGlobalNorm(tensors, 13.5), 5);
        Assert.Equal(new[] { 3f, 4f }, Grad(a));
    }

    /// <summary>Examples of equal length with every token after the first labelled: a batch's mean NLL is then the mean
    /// of its halves' mean NLLs, and no padding differs between one batch of 2b and two of b.</summary>
    private static List<EncodedExample> EqualLengthExamples(int count, int length, int vocab) =>
        Enumerable.Range(0, count).Select(i =>
        {
            long[] ids = Enumerable.Range(0, length).Select(t => 3L + (i * 7 + t * 5 + i * t) % (vocab - 3)).ToArray();
            long[] labels = (long[])ids.Clone();
            labels[0] = EncodedExample.IgnoreIndex;
            return new EncodedExample(ids, labels, 1);
        }).ToList();

    private static TrainingResult Train(LlamaForCausalLM model, int batchSize, int accumulation, IReadOnlyList<EncodedExample> examples)
    {
        // A large epsilon makes the first Adam steps nearly linear in the gradient (not its sign), so an accumulation that
        // forgot to average the micro-batches (twice the gradient) or dropped one of them shows in the weights.
        var config = new TrainingConfig
        {
            Steps = 2, BatchSize = batchSize, GradientAccumulation = accumulation, LearningRate = 0.05, WeightDecay = 0.1,
            Epsilon = 1.0, MaxGradNorm = 0,
        };
        var loss = SupervisedLoss.Create(model, examples, new Collator(0), batchSize, seed: 11);
        return new Trainer().Train(new FullParameterSet(model), config, loss, "accumulation");
    }

    [Fact]
    public void AccumulatingTwoBatchesOfBEqualsOneBatchOf2B()
    {
        var examples = EqualLengthExamples(count: 8, length: 9, vocab: 40);
        using var untouched = TinyModels.Create(TinyModels.Config());
        using var accumulated = TinyModels.Create(TinyModels.Config());
        using var large = TinyModels.Create(TinyModels.Config());

        var a = Train(accumulated, batchSize: 2, accumulation: 2, examples);
        var b = Train(large, batchSize: 4, accumulation: 1, examples);

        Assert.Equal(b.Losses, a.Losses, (x, y) => Math.Abs(x - y) < 1e-5);
        var reference = untouched.state_dict();
        var other = large.state_dict();
        foreach (var (name, t) in accumulated.state_dict())
        {
            Assert.False(t.equal(reference[name]).all().item<bool>(), $"{name} did not move (lr > 0)");
            Assert.True(allclose(t, other[name], rtol: 1e-4, atol: 1e-6), $"{name}: accumulation 2 x batch 2 differs from batch 4");
        }
    }
}
