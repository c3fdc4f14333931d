using LocUnlearn.Data;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// The deterministic batch stream of an unlearning run: forget batches in the seed's <see cref="DataOrder"/> (epochs
/// reshuffled), each paired with random retain items (<see cref="ForgetRetainPairing"/>) and, for DPO, the same forget
/// questions with their refusal answers. Oracle and Random runs of a seed therefore see the same data (SPEC 4.6).
/// Micro-batch m of step s is batch number s·accumulation + m.
/// </summary>
public sealed class UnlearningBatches
{
    private readonly UnlearningData data;
    private readonly Collator collator;
    private readonly IEnumerator<int[]> order;
    private readonly List<int[]> seen = new();
    private readonly ForgetRetainPairing pairing;

    public UnlearningBatches(UnlearningData data, Collator collator, int batchSize, long seed)
    {
        if (data.Forget.Count == 0)
            throw new ArgumentException("the forget set is empty.", nameof(data));
        this.data = data;
        this.collator = collator;
        order = new DataOrder(data.Forget.Count, seed).Batches(batchSize).GetEnumerator();
        pairing = new ForgetRetainPairing(data.Retain.Count, seed);
    }

    /// <summary>Forget item indices of batch number <paramref name="index"/>.</summary>
    public int[] ForgetIndices(int index)
    {
        while (seen.Count <= index)
        {
            order.MoveNext();
            seen.Add(order.Current);
        }
        return seen[index];
    }

    public UnlearningBatch Get(int index, IUnlearningObjective objective, Device device)
    {
        var forget = ForgetIndices(index);
        Batch? retain = null, refusal = null;
        var f = ToDevice(collator.CollateIndices(data.Forget, forget), device);
        if (objective.UsesRetain)
            retain = ToDevice(collator.CollateIndices(data.Retain, pairing.RetainFor(forget, index)), device);
        if (objective.UsesRefusals)
        {
            var refusals = data.ForgetRefusals ?? throw new InvalidOperationException(
                $"{objective.Name} needs refusal answers for the forget questions; give UnlearningData.ForgetRefusals.");
            refusal = ToDevice(collator.CollateIndices(refusals, forget), device);
        }
        return new UnlearningBatch(f, retain, refusal);
    }

    private static Batch ToDevice(Batch batch, Device device)
    {
        using (batch) return batch.To(device);
    }
}
