using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>Explicit position ids (HF position_ids) against the positions the forward pass derives itself.</summary>
public class PositionIdsTests
{
    private static float[] Rows(Tensor logits, int b, long from, long count) =>
        logits[b].narrow(0, from, count).contiguous().data<float>().ToArray();

    [Fact]
    public void ExplicitPositionIdsEqualToTheDerivedOnesGiveIdenticalLogits()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids([1, 5, 9, 3, 17, 22], [1, 7, 8, 30, 4, 6]);
        var derived = model.forward(ids);
        var shared = model.forward(ids, positionIds: TinyModels.Ids([0, 1, 2, 3, 4, 5]));          // (1, T) broadcast
        var perRow = model.forward(ids, positionIds: TinyModels.Ids([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]));
        Assert.Equal(derived.data<float>().ToArray(), shared.data<float>().ToArray());
        Assert.Equal(derived.data<float>().ToArray(), perRow.data<float>().ToArray());

        // Left padding: real tokens count from 0 and pads sit at position 1 (HF's convention).
        var padded = TinyModels.Ids([1, 5, 9, 3, 17, 22], [0, 0, 0, 1, 7, 8]);
        var mask = TinyModels.Ids([1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1]);
        var maskDerived = model.forward(padded, mask);
        var maskExplicit = model.forward(padded, mask, positionIds: TinyModels.Ids([0, 1, 2, 3, 4, 5], [1, 1, 1, 0, 1, 2]));
        Assert.Equal(maskDerived.data<float>().ToArray(), maskExplicit.data<float>().ToArray());
    }

    [Fact]
    public void PositionIdsMoveTheRotaryAnglesOnly()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids([1, 5, 9, 3, 17, 22]);
        var derived = model.forward(ids);

        // A gap after token 2: the first three tokens keep their logits, the later ones see other relative distances.
        var gap = model.forward(ids, positionIds: TinyModels.Ids([0, 1, 2, 8, 9, 10]));
        Assert.Equal(Rows(derived, 0, 0, 3), Rows(gap, 0, 0, 3));
        for (int t = 3; t < 6; t++)
            Assert.NotEqual(Rows(derived, 0, t, 1), Rows(gap, 0, t, 1));

        // RoPE scores depend on relative positions only: shifting every position by 5 changes nothing beyond rounding.
        // (An implementation that ignored position ids would pass this, not the gap check above; one that added
        // absolute position information would fail it.)
        var shifted = model.forward(ids, positionIds: TinyModels.Ids([5, 6, 7, 8, 9, 10]));
        Assert.True(shifted.allclose(derived, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void CachedStepsContinueAfterTheCacheUnlessPositionsAreGiven()
    {
        using var model = TinyModels.Create(TinyModels.Config(), seed: 5);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var prompt = TinyModels.Ids([1, 5, 9, 3]);
        var next = TinyModels.Ids([11]);

        using (var cache = new KvCache(model.Config.NumHiddenLayers))
        {
            model.forward(prompt, cache: cache);
            var implicitStep = model.forward(next, cache: cache);
            var whole = model.forward(TinyModels.Ids([1, 5, 9, 3, 11])).narrow(1, 4, 1);
            Assert.True(implicitStep.allclose(whole, rtol: 1e-5, atol: 1e-5));
        }
        using (var cache = new KvCache(model.Config.NumHiddenLayers))
        {
            model.forward(prompt, cache: cache);
            var explicitStep = model.forward(next, cache: cache, positionIds: TinyModels.Ids([4]));
            var whole = model.forward(TinyModels.Ids([1, 5, 9, 3, 11])).narrow(1, 4, 1);
            Assert.True(explicitStep.allclose(whole, rtol: 1e-5, atol: 1e-5));
        }
        // Explicit positions through the cache equal the same positions over the whole sequence.
        using (var cache = new KvCache(model.Config.NumHiddenLayers))
        {
            model.forward(prompt, cache: cache, positionIds: TinyModels.Ids([0, 1, 2, 9]));
            var step = model.forward(next, cache: cache, positionIds: TinyModels.Ids([12]));
            var whole = model.forward(TinyModels.Ids([1, 5, 9, 3, 11]), positionIds: TinyModels.Ids([0, 1, 2, 9, 12])).narrow(1, 4, 1);
            var derived = model.forward(TinyModels.Ids([1, 5, 9, 3, 11])).narrow(1, 4, 1);
            Assert.True(step.allclose(whole, rtol: 1e-5, atol: 1e-5));
            Assert.False(step.allclose(derived, rtol: 1e-3, atol: 1e-3));
        }
    }

    [Fact]
    public void PositionIdsThatDoNotFitTheInputAreRejected()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var ids = TinyModels.Ids([1, 5, 9], [1, 7, 8]);
        var shape = Assert.Throws<ArgumentException>(() => model.forward(ids, positionIds: TinyModels.Ids([0, 1])));
        Assert.Contains("[1, 2]", shape.Message);
        Assert.Throws<ArgumentException>(() => model.forward(ids, positionIds: TinyModels.Ids([0, 1, 2], [0, 1, 2], [0, 1, 2])));
        var negative = Assert.Throws<ArgumentException>(() => model.forward(ids, positionIds: TinyModels.Ids([-1, 0, 1])));
        Assert.Contains("non-negative", negative.Message);
    }
}
