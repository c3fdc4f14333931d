using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// Mean gradient of the answer-token NLL w.r.t. every layer's down_proj.weight (hidden, intermediate), the only
/// weights the gradient localizers score (SPEC 7): only those require grad during the pass, so no other weight
/// gradient is computed or stored. Batches are weighted by item count, so the result is the mean over items of batch
/// means. The model's requires_grad flags are restored afterwards.
/// </summary>
public static class DownProjGradients
{
    /// <returns>One fp32 (hidden, intermediate) tensor per layer, detached; the caller disposes them.</returns>
    public static Tensor[] Mean(LlamaForCausalLM model, IEnumerable<Batch> batches, int itemCount)
    {
        if (model.Mlps.Any(m => m.Delta is not null))
            throw new InvalidOperationException("localize θo without region deltas installed (merge or dispose the region set first).");
        var parameters = model.parameters().ToArray();
        var flags = parameters.Select(p => p.requires_grad).ToArray();
        var downs = model.DownProjWeights;
        var sums = downs.Select(w => zeros(w.shape, dtype: ScalarType.Float32, device: w.device).DetachFromDisposeScope()).ToArray();
        try
        {
            foreach (var p in parameters) p.requires_grad_(false);
            foreach (var w in downs) w.requires_grad_(true);
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                using var b = batch;
                var loss = CausalLmLoss.MeanNll(model.forward(b.InputIds, b.AttentionMask), b.Labels) * ((double)b.Size / itemCount);
                var grads = autograd.grad([loss], downs.ToArray());
                for (int l = 0; l < downs.Count; l++)
                    sums[l].add_(grads[l].to(ScalarType.Float32));
            }
            return sums;
        }
        catch
        {
            foreach (var s in sums) s.Dispose();
            throw;
        }
        finally
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i].requires_grad_(flags[i]);
        }
    }
}
