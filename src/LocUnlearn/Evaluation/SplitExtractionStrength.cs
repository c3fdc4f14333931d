using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Evaluation;

/// <summary>Dataset ES of an encoded split: one teacher-forced forward pass per batch (SPEC 9).</summary>
public static class SplitExtractionStrength
{
    public static ExtractionStrengthItem[] Items(LlamaForCausalLM model, IReadOnlyList<EncodedExample> examples,
        Collator collator, IReadOnlyCollection<long> eosIds, int batchSize = 64)
    {
        var items = new List<ExtractionStrengthItem>(examples.Count);
        using var _ = no_grad();
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(batchSize, examples.Count - start)).ToArray();
            using var batch = collator.CollateIndices(examples, indices);
            var device = model.Device;
            var logits = model.forward(batch.InputIds.to(device), batch.AttentionMask.to(device));
            items.AddRange(ExtractionStrength.FromLogits(logits, batch.Labels.to(device), eosIds));
        }
        return items.ToArray();
    }

    public static double Mean(LlamaForCausalLM model, IReadOnlyList<EncodedExample> examples, Collator collator,
        IReadOnlyCollection<long> eosIds, int batchSize = 64) =>
        ExtractionStrength.Mean(Items(model, examples, collator, eosIds, batchSize));
}
