namespace LocUnlearn.Data;

/// <summary>
/// The seeded, epoch-aware order in which a split's items are visited: epoch e of seed s is always the same
/// permutation, and Oracle and Random runs of one seed see the same data order (SPEC 4.6).
/// </summary>
public sealed record DataOrder(int ItemCount, long Seed, bool Shuffle = true)
{
    public int[] Epoch(int epoch)
    {
        int[] order = Enumerable.Range(0, ItemCount).ToArray();
        if (Shuffle)
            SplitMix64.ForStream(Seed, $"data-order/epoch-{epoch}").Shuffle(order);
        return order;
    }

    /// <summary>Batches of indices over epochs 0, 1, ...; the last batch of an epoch may be smaller unless
    /// <paramref name="dropLast"/>.</summary>
    public IEnumerable<int[]> Batches(int batchSize, bool dropLast = false)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (ItemCount == 0)
            yield break;
        for (int epoch = 0; ; epoch++)
        {
            int[] order = Epoch(epoch);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int size = Math.Min(batchSize, order.Length - start);
                if (size < batchSize && dropLast)
                    break;
                yield return order[start..(start + size)];
            }
        }
    }
}
