using LocUnlearn.Data;
using LocUnlearn.Model;

namespace LocUnlearn.Localization;

/// <summary>
/// What a localizer looks at: θo (no region deltas installed), the encoded forget and retain sets, batching, and the
/// seed (Random's scores, MemFlex's token replacement).
/// </summary>
public sealed record LocalizationInputs(LlamaForCausalLM Model, IReadOnlyList<EncodedExample> Forget,
    IReadOnlyList<EncodedExample> Retain, Collator Collator, int BatchSize = 8, long Seed = 0)
{
    /// <summary>Batches of <paramref name="examples"/> in order, on the model's device (caller disposes).</summary>
    public IEnumerable<Batch> Batches(IReadOnlyList<EncodedExample> examples)
    {
        for (int start = 0; start < examples.Count; start += BatchSize)
        {
            var indices = Enumerable.Range(start, Math.Min(BatchSize, examples.Count - start)).ToArray();
            using var cpu = Collator.CollateIndices(examples, indices);
            yield return cpu.To(Model.Device);
        }
    }
}
