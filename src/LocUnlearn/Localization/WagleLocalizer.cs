using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// WAGLE (Jia et al. 2024, SPEC 7): per weight S = |(θ - ∇ℓ_r/μ) ⊙ ∇ℓ_f|, the first-order effect of a forget step on
/// the retain loss, reduced to value vectors by summing S over each down_proj column.
/// </summary>
public sealed class WagleLocalizer(WagleSettings settings) : ILocalizer
{
    public string Name => "wagle";

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var model = inputs.Model;
        var gf = DownProjGradients.Mean(model, inputs.Batches(inputs.Forget), inputs.Forget.Count);
        var gr = DownProjGradients.Mean(model, inputs.Batches(inputs.Retain), inputs.Retain.Count);
        try
        {
            var scores = new float[gf.Length][];
            for (int l = 0; l < gf.Length; l++)
            {
                using var scope = NewDisposeScope();
                var theta = model.Mlps[l].down_proj.weight!.detach().to(ScalarType.Float32);
                var s = ((theta - gr[l] / settings.Mu) * gf[l]).abs(); // (hidden, intermediate)
                scores[l] = s.sum(dim: 0).cpu().data<float>().ToArray();
            }
            return new ValueVectorScores(Name, scores);
        }
        finally
        {
            foreach (var t in gf.Concat(gr)) t.Dispose();
        }
    }
}
