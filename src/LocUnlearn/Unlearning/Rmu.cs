using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Representation misdirection for unlearning (Li et al. 2024, SPEC 6): push layer ℓ's residual output on forget
/// tokens to c·u, u a fixed random unit vector, and keep it at the reference's on retain tokens:
/// L = mean ‖h_ℓ^θ(x_f) - c·u‖² + α·mean ‖h_ℓ^θ(x_r) - h_ℓ^ref(x_r)‖², means over real (non-pad) tokens, squared norms
/// over the hidden dimension. Both models stop after layer ℓ (upper layers cannot affect h_ℓ), so only region columns
/// in layers ≤ ℓ receive gradient.
/// </summary>
public sealed class Rmu(RmuSettings settings) : IUnlearningObjective
{
    private float[]? direction;  // u (C,), drawn on first use; kept managed so the objective owns no native tensor
    private double? coefficient; // c, fixed at first use

    public string Name => "rmu";
    public bool UsesRetain => settings.Alpha != 0;
    public bool UsesRefusals => false;
    public bool UsesReference => true;

    /// <summary>c once it is known (after the first loss when it is measured).</summary>
    public double? Coefficient => coefficient ?? settings.Coefficient;

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        int layer = settings.LayerFor(ctx.Model.Config.NumHiddenLayers);
        var reference = ctx.RequireReference(Name);
        var u = Direction(ctx.Model);
        double c = coefficient ??= settings.Coefficient ?? settings.CoefficientScale * MeanNorm(Residual(reference.Capture, batch.Forget, layer), batch.Forget);
        var forget = MeanSquaredDistance(Residual(ctx.Capture, batch.Forget, layer), u * c, batch.Forget);
        if (!UsesRetain)
            return forget.MoveToOuterDisposeScope();
        var retain = batch.RequireRetain(Name);
        var drift = MeanSquaredDistance(Residual(ctx.Capture, retain, layer), Residual(reference.Capture, retain, layer), retain);
        return (forget + drift * settings.Alpha).MoveToOuterDisposeScope();
    }

    /// <summary>u: uniform [0, 1) entries normalised to unit length, as the RMU reference code draws it; seeded.</summary>
    private Tensor Direction(LlamaForCausalLM model)
    {
        if (direction is null)
        {
            using var scope = NewDisposeScope();
            var r = rand(model.Config.HiddenSize, generator: new Generator((ulong)settings.Seed));
            direction = (r / r.norm()).data<float>().ToArray();
        }
        return tensor(direction, device: model.Device);
    }

    private static Tensor Residual(Action<Batch, ActivationCapture> capturePass, Batch batch, int layer)
    {
        var capture = new ActivationCapture { ResidualLayers = new HashSet<int> { layer }, StopAfterLayer = layer };
        capturePass(batch, capture);
        return capture.Residuals[layer].to(ScalarType.Float32);
    }

    /// <summary>mean over real tokens of ‖h - target‖² (target broadcast over (B, T)).</summary>
    internal static Tensor MeanSquaredDistance(Tensor h, Tensor target, Batch batch)
    {
        using var scope = NewDisposeScope();
        var mask = batch.AttentionMask.to(ScalarType.Float32);
        var perToken = (h - target).pow(2).sum(dim: -1); // (B, T)
        return ((perToken * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    private static double MeanNorm(Tensor h, Batch batch)
    {
        using var scope = NewDisposeScope();
        var mask = batch.AttentionMask.to(ScalarType.Float32);
        return ((h.pow(2).sum(dim: -1).sqrt() * mask).sum() / mask.sum().clamp_min(1)).item<float>();
    }
}
