using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// Activations (Chang et al. 2024, SPEC 7): s_{l,i} = |mean over forget answer tokens of a_{l,i}| · ‖v_{l,i}‖₂, the
/// average size of what neuron i writes into the residual stream while the model produces forget answers. "Answer
/// tokens" are the positions whose input token is an answer token (label ≠ -100).
/// </summary>
public sealed class ActivationsLocalizer : ILocalizer
{
    public string Name => "activations";

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var model = inputs.Model;
        int layers = model.Config.NumHiddenLayers;
        var sums = Enumerable.Range(0, layers)
            .Select(_ => zeros(model.Config.IntermediateSize, dtype: ScalarType.Float64, device: model.Device).DetachFromDisposeScope())
            .ToArray();
        double tokens = 0;
        try
        {
            foreach (var batch in inputs.Batches(inputs.Forget))
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                using var b = batch;
                var capture = ActivationCapture.AllCoefficients(layers);
                model.Capture(b.InputIds, b.AttentionMask, capture);
                var mask = (b.Labels != CausalLmLoss.IgnoreIndex).to(ScalarType.Float64).unsqueeze(-1); // (B, T, 1)
                tokens += mask.sum().item<double>();
                for (int l = 0; l < layers; l++)
                    sums[l].add_((capture.Coefficients[l].to(ScalarType.Float64) * mask).sum(dim: [0, 1]));
            }
            using var outer = NewDisposeScope();
            var scores = new float[layers][];
            for (int l = 0; l < layers; l++)
            {
                var w = model.Mlps[l].down_proj.weight!.detach().to(ScalarType.Float64);
                var norms = w.pow(2).sum(dim: 0).sqrt(); // (intermediate,) ‖v_{l,i}‖₂
                scores[l] = ((sums[l] / Math.Max(1, tokens)).abs() * norms).to(ScalarType.Float32).cpu().data<float>().ToArray();
            }
            return new ValueVectorScores(Name, scores);
        }
        finally
        {
            foreach (var s in sums) s.Dispose();
        }
    }
}
