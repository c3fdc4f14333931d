using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// The study's Figure 1 experiment (SPEC 8): train a region of θo so that every layer's MLP output matches the frozen
/// θr's on forget-set inputs, L = Σ_l mean_tokens ‖MLP_l^θ(h) - MLP_l^{θr}(h)‖², means over real tokens. Each model
/// runs on its own residual stream [default]. The context's reference must be θr (a <see cref="FrozenCopyReference"/>),
/// so this runs through <see cref="UnlearningRun"/> like any objective. Only the forget batch is used.
/// </summary>
public sealed class MlpReconstruction : IUnlearningObjective
{
    public string Name => "mlp-reconstruction";
    public bool UsesRetain => false;
    public bool UsesRefusals => false;
    public bool UsesReference => true;

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        var perLayer = PerLayer(ctx.Model, ctx.RequireReference(Name), batch.Forget);
        return perLayer.sum().MoveToOuterDisposeScope();
    }

    /// <summary>mean_tokens ‖MLP_l^θ - MLP_l^{θr}‖² per layer (n_layers,), with gradient through θ.</summary>
    public static Tensor PerLayer(LlamaForCausalLM model, IReferenceModel target, Batch batch)
    {
        using var scope = NewDisposeScope();
        int layers = model.Config.NumHiddenLayers;
        var mine = ActivationCapture.AllMlpOutputs(layers);
        var theirs = ActivationCapture.AllMlpOutputs(layers);
        model.Capture(batch.InputIds, batch.AttentionMask, mine);
        target.Capture(batch, theirs);
        var mask = batch.AttentionMask.to(ScalarType.Float32);
        var tokens = mask.sum().clamp_min(1);
        var residuals = Enumerable.Range(0, layers).Select(l =>
            ((mine.MlpOutputs[l].to(ScalarType.Float32) - theirs.MlpOutputs[l].to(ScalarType.Float32)).pow(2).sum(dim: -1) * mask).sum() / tokens);
        return stack(residuals.ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>Per-layer residuals averaged over the real tokens of all <paramref name="examples"/> (no gradient).</summary>
    public static double[] MeasureResiduals(LlamaForCausalLM model, IReferenceModel target, IReadOnlyList<EncodedExample> examples,
        Collator collator, int batchSize)
    {
        int layers = model.Config.NumHiddenLayers;
        var sums = new double[layers];
        double tokens = 0;
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var indices = Enumerable.Range(start, Math.Min(batchSize, examples.Count - start)).ToArray();
            using var cpu = collator.CollateIndices(examples, indices);
            using var batch = cpu.To(model.Device);
            double n = batch.AttentionMask.sum().item<long>();
            var perLayer = PerLayer(model, target, batch).cpu().data<float>().ToArray();
            for (int l = 0; l < layers; l++) sums[l] += perLayer[l] * n;
            tokens += n;
        }
        return sums.Select(s => s / Math.Max(1, tokens)).ToArray();
    }
}
