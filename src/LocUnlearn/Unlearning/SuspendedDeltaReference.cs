using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// θo for region training without a second copy of the model: <see cref="Training.RegionParameterSet"/> never writes
/// the frozen weights, so θo is the same model with every <see cref="Mlp.Delta"/> detached for the duration of one
/// forward pass (O(region) memory instead of O(model)). Valid only while the deltas are not merged, i.e. during
/// region training; for full-parameter unlearning use <see cref="FrozenCopyReference"/>.
/// </summary>
public sealed class SuspendedDeltaReference(LlamaForCausalLM model) : IReferenceModel
{
    public Tensor Forward(Batch batch) => WithoutDeltas(() => model.forward(batch.InputIds, batch.AttentionMask));

    public void Capture(Batch batch, ActivationCapture capture) =>
        WithoutDeltas(() => { model.Capture(batch.InputIds, batch.AttentionMask, capture); return 0; });

    private T WithoutDeltas<T>(Func<T> pass)
    {
        var mlps = model.Mlps;
        var deltas = mlps.Select(m => m.Delta).ToArray();
        try
        {
            foreach (var m in mlps) m.Delta = null;
            using var _ = no_grad();
            return pass();
        }
        finally
        {
            for (int l = 0; l < mlps.Count; l++) mlps[l].Delta = deltas[l];
        }
    }

    /// <summary>The model is not owned.</summary>
    public void Dispose() { }
}
