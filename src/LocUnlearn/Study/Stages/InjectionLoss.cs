using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Study.Stages;

/// <summary>Rows replayed beside every injection batch: <paramref name="PerBatch"/> drawn uniformly with replacement
/// (seeded, a stream per source and step) from <paramref name="Examples"/>, e.g. retain items or pretraining-corpus lines.</summary>
public sealed record ReplaySource(string Name, IReadOnlyList<EncodedExample> Examples, int PerBatch);

/// <summary>
/// The θo loss (SPEC 4.4): mean NLL over the answer tokens of the next forget batch (seeded <see cref="DataOrder"/>),
/// plus α·L_r over the replayed rows: their NLL, or KL(π_θr ‖ π_θ) at their labelled positions, π_θr being the model
/// before injection. The injection must add the forget set without taking θr's other knowledge away (SPEC 4.4); NLL
/// replay keeps training θr's data (it can lift retain ES above θr's), KL only holds the model where θr was.
/// </summary>
public static class InjectionLoss
{
    /// <param name="reference">π_θr for <see cref="RetainLossKind.Kl"/> (unused otherwise)</param>
    /// <param name="lengthBuckets">forget batches of similar length (<see cref="DataOrder.LengthBucketedBatches"/>), so
    /// little of a batch is padding; the replayed rows stay uniform draws</param>
    /// <param name="forgetNll">receives each call's forget NLL (the first term alone, without the replay), so a record can
    /// show how well the forget set is fitted apart from the replayed rows</param>
    public static Trainer.MicroBatchLoss Create(LlamaForCausalLM model, IReadOnlyList<EncodedExample> forget, Collator collator,
        int batchSize, long seed, IReadOnlyList<ReplaySource> replay, RetainTerm term, IReferenceModel? reference, bool lengthBuckets = false,
        ICollection<double>? forgetNll = null)
    {
        if (forget.Count == 0)
            throw new ArgumentException("cannot inject an empty forget set");
        var sources = term.IsActive() ? replay.Where(s => s.PerBatch > 0 && s.Examples.Count > 0).ToList() : [];
        if (sources.Count > 0 && term.UsesReference() && reference is null)
            throw new ArgumentException("a KL replay term needs the reference model π_θr");
        var order = new DataOrder(forget.Count, seed);
        int size = Math.Min(batchSize, forget.Count);
        var batches = (lengthBuckets ? order.LengthBucketedBatches(size, forget.Select(e => e.Length).ToArray())
            : order.Batches(size, dropLast: true)).GetEnumerator();
        int call = 0;
        return (_, _) =>
        {
            batches.MoveNext();
            var forgetIndices = batches.Current.ToList();
            var replayRows = ReplayRows(sources, seed, call++);
            var device = model.Device;
            using var f = Collate(collator, forgetIndices.Select(i => forget[i]).ToList(), forgetIndices, device);
            var loss = CausalLmLoss.MeanNll(model.forward(f.InputIds, f.AttentionMask), f.Labels);
            forgetNll?.Add(loss.to(ScalarType.Float32).item<float>());
            if (replayRows.Count == 0)
                return loss;
            using var r = Collate(collator, replayRows, Enumerable.Range(0, replayRows.Count).Select(i => -1 - i).ToList(), device);
            var logits = model.forward(r.InputIds, r.AttentionMask);
            var retainLoss = term.Kind == RetainLossKind.Kl
                ? RetainTerm.KlFromReference(logits, reference!.Forward(r), r.Labels)
                : CausalLmLoss.MeanNll(logits, r.Labels);
            return loss + term.Alpha * retainLoss;
        };
    }

    /// <summary>The replayed rows of call <paramref name="call"/>: each source's draw, sources in order.</summary>
    public static List<EncodedExample> ReplayRows(IReadOnlyList<ReplaySource> sources, long seed, int call)
    {
        var rows = new List<EncodedExample>();
        foreach (var s in sources)
        {
            var rng = SplitMix64.ForStream(seed, $"inject-replay/{s.Name}/step-{call}");
            for (int k = 0; k < s.PerBatch; k++)
                rows.Add(s.Examples[rng.NextInt(s.Examples.Count)]);
        }
        return rows;
    }

    private static Batch Collate(Collator collator, IReadOnlyList<EncodedExample> rows, IReadOnlyList<int> indices, Device device)
    {
        using var cpu = collator.Collate(rows, indices);
        return cpu.To(device);
    }
}
