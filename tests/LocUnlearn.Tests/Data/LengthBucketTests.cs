using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

/// <summary>Length-bucketed batches (training.length_buckets): similar lengths per batch, every item once per epoch.</summary>
public sealed class LengthBucketTests
{
    private const int Batch = 4;

    /// <summary>Items 0..n-1 with lengths that do not follow the index (i·7 mod 23 + 1).</summary>
    private static int[] Lengths(int n) => Enumerable.Range(0, n).Select(i => i * 7 % 23 + 1).ToArray();

    [Fact]
    public void OneMegabatchEpochIsTheSortedPermutationCutIntoBatches()
    {
        int n = 40; // fewer than 50 batches: the epoch is one megabatch
        var order = new DataOrder(n, Seed: 3);
        int[] lengths = Lengths(n);

        var epoch = order.LengthBucketedBatches(Batch, lengths).Take(n / Batch).ToList();

        Assert.Equal(Enumerable.Range(0, n), epoch.SelectMany(b => b).Order());
        // The batches are consecutive slices of the permutation sorted by length (ties in permutation order).
        int[] permutation = order.Epoch(0);
        int[] sorted = permutation.Select((item, rank) => (item, rank)).OrderBy(p => lengths[p.item]).ThenBy(p => p.rank).Select(p => p.item).ToArray();
        var expected = sorted.Chunk(Batch).Select(c => string.Join(",", c)).Order().ToList();
        Assert.Equal(expected, epoch.Select(b => string.Join(",", b)).Order().ToList());
        // Visited in a shuffled order, not shortest first.
        Assert.NotEqual(epoch.Select(b => lengths[b[0]]).ToList(), epoch.Select(b => lengths[b[0]]).Order().ToList());
    }

    [Fact]
    public void LargeSplitsBucketWithinMegabatchesAndDropOnlyTheirPartialBatches()
    {
        int n = DataOrder.BatchesPerMegabatch * Batch * 2 + 10; // two full megabatches and a third of 10 items
        int[] lengths = Lengths(n);
        var order = new DataOrder(n, Seed: 5);

        var batches = order.LengthBucketedBatches(Batch, lengths).Take(2 * (n / Batch)).ToList();
        var epoch0 = batches.Take(n / Batch).ToList();

        Assert.All(batches, b => Assert.Equal(Batch, b.Length));
        Assert.Equal(n - 2, epoch0.SelectMany(b => b).Distinct().Count()); // 10 items → 2 batches, 2 items dropped
        int[] permutation = order.Epoch(0);
        var megabatchOf = permutation.Select((item, rank) => (item, rank / (DataOrder.BatchesPerMegabatch * Batch))).ToDictionary(p => p.item, p => p.Item2);
        Assert.All(epoch0, b => Assert.Single(b.Select(i => megabatchOf[i]).Distinct()));
        // Padding: within a batch the lengths span far less than the split's.
        double meanSpread = epoch0.Average(b => b.Max(i => lengths[i]) - b.Min(i => lengths[i]));
        Assert.True(meanSpread <= 1.0, $"mean length spread in a batch {meanSpread}");
        // Deterministic for a seed; the second epoch is another grouping.
        Assert.Equal(batches.Select(b => string.Join(",", b)), order.LengthBucketedBatches(Batch, lengths).Take(batches.Count).Select(b => string.Join(",", b)));
        Assert.NotEqual(epoch0.Select(b => string.Join(",", b)), batches.Skip(n / Batch).Take(n / Batch).Select(b => string.Join(",", b)));
    }

    [Fact]
    public void LengthsMustMatchTheItems() =>
        Assert.Throws<ArgumentException>(() => new DataOrder(5, 0).LengthBucketedBatches(2, [1, 2, 3]).First());
}
