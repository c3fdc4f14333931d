using LocUnlearn.Data;
using LocUnlearn.Model;

namespace LocUnlearn.Training;

/// <summary>
/// Fine-tuning loss over a split: mean NLL of the labelled tokens of the next seeded batch (DataOrder: epoch e of
/// a seed is always the same permutation). Each call to the returned function consumes one batch.
/// </summary>
public static class SupervisedLoss
{
    /// <param name="replay">examples mixed into every batch (e.g. retain items during injection), drawn uniformly (seeded)</param>
    /// <param name="replayPerBatch">how many replay examples each batch gets</param>
    /// <param name="lengthBuckets">batch items of similar length (<see cref="DataOrder.LengthBucketedBatches"/>) instead of
    /// uniformly random ones, so little of a batch is padding</param>
    public static Trainer.MicroBatchLoss Create(LlamaForCausalLM model, IReadOnlyList<EncodedExample> examples,
        Collator collator, int batchSize, long seed, IReadOnlyList<EncodedExample>? replay = null, int replayPerBatch = 0,
        bool lengthBuckets = false)
    {
        if (examples.Count == 0)
            throw new ArgumentException("cannot train on an empty split");
        var order = new DataOrder(examples.Count, seed);
        int size = Math.Min(batchSize, examples.Count);
        var batches = (lengthBuckets
            ? order.LengthBucketedBatches(size, examples.Select(e => e.Length).ToArray())
            : order.Batches(size, dropLast: true)).GetEnumerator();
        var pairing = replay is { Count: > 0 } && replayPerBatch > 0 ? new ForgetRetainPairing(replay.Count, seed) : null;
        int call = 0;
        return (_, _) =>
        {
            batches.MoveNext();
            var items = batches.Current.Select(i => examples[i]).ToList();
            var indices = batches.Current.ToList();
            if (pairing is not null)
            {
                var extra = pairing.RetainFor(new int[replayPerBatch], call);
                items.AddRange(extra.Select(i => replay![i]));
                indices.AddRange(extra.Select(i => -1 - i)); // negative: not an index of the primary split
            }
            call++;
            using var batch = collator.Collate(items, indices);
            var device = model.Device;
            using var ids = batch.InputIds.to(device);
            using var mask = batch.AttentionMask.to(device);
            using var labels = batch.Labels.to(device);
            return CausalLmLoss.LabelledMeanNll(model, ids, mask, labels);
        };
    }
}
