using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// WAGLE (Jia et al. 2024, SPEC 7): per weight S = |(θ - ∇ℓ_r/μ) ⊙ ∇ℓ_f|, the first-order effect of a forget step on
/// the retain loss, reduced to value vectors by summing S over each down_proj column. The reference code
/// (OPTML-Group/WAGLE, GenerateMask.snip_advanced) accumulates per-batch gradients at batch size 1 without dividing,
/// drawing one retain item per forget item, so both gradients are |D_f| times their means: that is the default
/// reduction "sum"; "mean" uses the means. The reduction scales ∇ℓ_r against θ (as μ does), so it changes the ranking;
/// scaling ∇ℓ_f only scales every score.
/// </summary>
public sealed class WagleLocalizer(WagleSettings settings) : ILocalizer
{
    public string Name => "wagle";

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var model = inputs.Model;
        var gf = DownProjGradients.Mean(model, inputs.Batches(inputs.Forget), inputs.Forget.Count);
        var gr = DownProjGradients.Mean(model, inputs.Batches(inputs.Retain), inputs.Retain.Count);
        double factor = ReductionFactor(settings.GradientReduction, inputs.Forget.Count);
        try
        {
            var scores = new float[gf.Length][];
            for (int l = 0; l < gf.Length; l++)
            {
                using var scope = NewDisposeScope();
                var theta = model.Mlps[l].down_proj.weight!.detach().to(ScalarType.Float32);
                scores[l] = ColumnScores(theta, gf[l] * factor, gr[l] * factor, settings.Mu);
            }
            return new ValueVectorScores(Name, scores);
        }
        finally
        {
            foreach (var t in gf.Concat(gr)) t.Dispose();
        }
    }

    /// <summary>Σ over each column of |(θ - ∇ℓ_r/μ) ⊙ ∇ℓ_f|, all (hidden, intermediate).</summary>
    public static float[] ColumnScores(Tensor theta, Tensor gradForget, Tensor gradRetain, double mu)
    {
        using var scope = NewDisposeScope();
        var s = ((theta - gradRetain / mu) * gradForget).abs(); // (hidden, intermediate)
        return s.sum(dim: 0).cpu().data<float>().ToArray();
    }

    /// <summary>What turns mean gradients into the configured reduction: |D_f| for the reference's sum, 1 for the mean.</summary>
    public static double ReductionFactor(GradientReduction reduction, int forgetItems) =>
        reduction == GradientReduction.Sum ? forgetItems : 1;
}
