using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

public class BatchingTests
{
    private static readonly EncodedExample Short = new([5, 6, 7], [-100, 6, 7], 1);
    private static readonly EncodedExample Long = new([1, 2, 3, 4, 9], [-100, -100, 3, 4, 9], 2);

    [Fact]
    public void RightPaddingPadsAfterTheTokensWithMaskZeroAndIgnoredLabels()
    {
        using Batch batch = new Collator(PadId: 0).Collate([Short, Long], [4, 11]);

        Assert.Equal([2L, 5L], batch.InputIds.shape);
        Assert.Equal([5L, 6, 7, 0, 0, 1, 2, 3, 4, 9], batch.InputIds.data<long>().ToArray());
        Assert.Equal([1L, 1, 1, 0, 0, 1, 1, 1, 1, 1], batch.AttentionMask.data<long>().ToArray());
        Assert.Equal([-100L, 6, 7, -100, -100, -100, -100, 3, 4, 9], batch.Labels.data<long>().ToArray());
        Assert.Equal([4, 11], batch.ItemIndices);
    }

    [Fact]
    public void LeftPaddingPadsBeforeTheTokensWithTheConfiguredPadId()
    {
        using Batch batch = new Collator(PadId: 99, PaddingSide.Left).Collate([Short, Long], [0, 1]);

        Assert.Equal([99L, 99, 5, 6, 7, 1, 2, 3, 4, 9], batch.InputIds.data<long>().ToArray());
        Assert.Equal([0L, 0, 1, 1, 1, 1, 1, 1, 1, 1], batch.AttentionMask.data<long>().ToArray());
        Assert.Equal([-100L, -100, -100, 6, 7, -100, -100, 3, 4, 9], batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void CollateIndicesTakesTheItemsOfASplit()
    {
        using Batch batch = new Collator(0).CollateIndices([Long, Short, Long], [1]);

        Assert.Equal([1L, 3L], batch.InputIds.shape);
        Assert.Equal([1], batch.ItemIndices);
    }

    [Fact]
    public void DataOrderIsDeterministicPerSeedAndEpochAndVisitsEveryItem()
    {
        var order = new DataOrder(ItemCount: 50, Seed: 3);

        Assert.Equal(order.Epoch(0), new DataOrder(50, 3).Epoch(0));
        Assert.NotEqual(order.Epoch(0), order.Epoch(1));
        Assert.NotEqual(order.Epoch(0), new DataOrder(50, 4).Epoch(0));
        Assert.Equal(Enumerable.Range(0, 50), order.Epoch(1).Order());
        Assert.Equal(Enumerable.Range(0, 50), new DataOrder(50, 3, Shuffle: false).Epoch(0));

        List<int[]> batches = order.Batches(batchSize: 16).Take(8).ToList();
        Assert.Equal([16, 16, 16, 2, 16, 16, 16, 2], batches.Select(b => b.Length));
        Assert.Equal(order.Epoch(1), batches.Skip(4).SelectMany(b => b));
        Assert.Equal([16, 16, 16, 16], order.Batches(16, dropLast: true).Take(4).Select(b => b.Length));
    }

    [Fact]
    public void ForgetRetainPairingIsSeededPerStepAndInRange()
    {
        var pairing = new ForgetRetainPairing(RetainCount: 3600, Seed: 1);
        int[] forget = Enumerable.Range(0, 32).ToArray();

        int[] step0 = pairing.RetainFor(forget, step: 0);

        Assert.Equal(step0, new ForgetRetainPairing(3600, 1).RetainFor(forget, 0));
        Assert.NotEqual(step0, pairing.RetainFor(forget, 1));
        Assert.NotEqual(step0, new ForgetRetainPairing(3600, 2).RetainFor(forget, 0));
        Assert.All(step0, i => Assert.InRange(i, 0, 3599));
        Assert.Equal(32, step0.Length);
    }
}
