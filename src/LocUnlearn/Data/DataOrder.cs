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

    /// <summary>How many batches a length-bucketed megabatch holds (HF's LengthGroupedSampler uses the same 50).</summary>
    public const int BatchesPerMegabatch = 50;

    /// <summary>
    /// Full batches of items of similar length over epochs 0, 1, ... (HF's group_by_length): each epoch's permutation is cut
    /// into megabatches of <see cref="BatchesPerMegabatch"/> batches, each megabatch is sorted by length (ties in permutation
    /// order) and cut into batches, and the epoch's batches are visited in a seeded random order. Padding a batch to its
    /// longest item then costs little; which items share a batch still changes from epoch to epoch. A megabatch's last
    /// partial batch is dropped (its items come back in later epochs).
    /// </summary>
    /// <param name="lengths">each item's length in tokens</param>
    public IEnumerable<int[]> LengthBucketedBatches(int batchSize, IReadOnlyList<int> lengths)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (lengths.Count != ItemCount)
            throw new ArgumentException($"{lengths.Count} lengths for {ItemCount} items", nameof(lengths));
        if (ItemCount < batchSize)
            yield break;
        for (int epoch = 0; ; epoch++)
        {
            int[] order = Epoch(epoch);
            var batches = new List<int[]>();
            for (int start = 0; start < order.Length; start += BatchesPerMegabatch * batchSize)
            {
                int[] sorted = order[start..Math.Min(order.Length, start + BatchesPerMegabatch * batchSize)]
                    .Select((item, rank) => (item, rank)).OrderBy(p => lengths[p.item]).ThenBy(p => p.rank).Select(p => p.item).ToArray();
                for (int b = 0; b + batchSize <= sorted.Length; b += batchSize)
                    batches.Add(sorted[b..(b + batchSize)]);
            }
            SplitMix64.ForStream(Seed, $"data-order/buckets-{epoch}").Shuffle(batches);
            foreach (int[] batch in batches)
                yield return batch;
        }
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
