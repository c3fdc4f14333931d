using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Study.Units;

/// <summary>One evaluated mixture θ(α) = (1-α)θo + αθu of a run.</summary>
public sealed record MixingPoint(double Alpha, TradeOffPoint Point);

/// <summary>AUES over the α grid, and MU95 from the utility bisection (null when no α keeps 0.95·MU(θo)).</summary>
public sealed record MixingTradeOffResult(IReadOnlyList<MixingPoint> Grid, double Aues, double? Mu95, double? Mu95Alpha);

/// <summary>
/// SPEC 9's model-mixing alternative of AUES and MU95 (evaluation.trade_off = "mixing"), for a region run at its final
/// checkpoint while the region delta Δ is still live: θu = θo + Δ on the region alone, so θ(α) = θo + α·Δ is written in
/// place by scaling the delta tensors (O(region) extra memory, no model copy), and restored bit-exactly afterwards.
/// AUES is the dominated area of the grid's (FS, RS) points; MU95 is log10 FQ at the largest α whose MU stays at or
/// above 0.95·MU(θo), found by bisection (<see cref="ModelMixing.BisectAlpha"/>).
/// </summary>
public static class MixingTradeOff
{
    /// <summary>Bisection stops when the α bracket is this narrow (about 7 evaluations).</summary>
    public const double AlphaTolerance = 0.01;

    /// <param name="model">θo with its region deltas live (the run's final weights)</param>
    /// <param name="thetaO">θo's point (α = 0), already evaluated</param>
    /// <param name="evaluate">the study's metrics of the model as it is now</param>
    public static MixingTradeOffResult Evaluate(LlamaForCausalLM model, TradeOffPoint thetaO, int gridSize, Func<LlamaForCausalLM, TradeOffPoint> evaluate)
    {
        var deltas = model.Mlps.Select(m => m.Delta).OfType<MlpRegionDelta>().SelectMany(d => d.Trainable).ToList();
        if (deltas.Count == 0)
            throw new InvalidOperationException("model mixing needs the run's region delta; this model has none (a full-parameter run?)");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var saved = deltas.Select(t => t.detach().clone()).ToList();
        var evaluated = new Dictionary<double, TradeOffPoint> { [0.0] = thetaO };
        TradeOffPoint At(double alpha)
        {
            if (evaluated.TryGetValue(alpha, out var known))
                return known;
            for (int i = 0; i < deltas.Count; i++)
                deltas[i].copy_(saved[i]).mul_(alpha);
            return evaluated[alpha] = evaluate(model);
        }
        try
        {
            var grid = ModelMixing.AlphaGrid(gridSize).Select(a => (Alpha: a, Point: At(a))).ToList();
            double aues = Aues.Compute(grid.Select(g => g.Point));
            var bisection = ModelMixing.BisectAlpha(a => At(a).ModelUtility, 0.95 * thetaO.ModelUtility, AlphaTolerance);
            var points = grid.Select(g => new MixingPoint(g.Alpha, g.Point)).ToList();
            return bisection.Reached
                ? new MixingTradeOffResult(points, aues, At(bisection.Alpha).Log10ForgetQuality, bisection.Alpha)
                : new MixingTradeOffResult(points, aues, null, null);
        }
        finally
        {
            for (int i = 0; i < deltas.Count; i++)
                deltas[i].copy_(saved[i]);
        }
    }
}
