using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Negative preference optimization (Zhang et al. 2024, SPEC 6):
/// L_f = -(2/β) mean_i log σ(-β [log π_θ(y_i|x_i) - log π_ref(y_i|x_i)]), π_ref = θo. At θ = θo it equals (2/β)·ln 2,
/// and unlike GA it saturates as π_θ(y|x) falls below π_ref.
/// </summary>
public sealed class Npo(NpoSettings settings) : IUnlearningObjective
{
    public string Name => "npo";
    public bool UsesRetain => settings.Retain.IsActive();
    public bool UsesRefusals => false;
    public bool UsesReference => true;

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        var forget = batch.Forget;
        var (policy, _) = CausalLmLoss.SequenceLogProbs(ctx.Forward(forget), forget.Labels);
        var reference = ctx.ReferenceSequenceLogProbs(forget, ctx.ForgetReferenceLogProbs, Name);
        var loss = ForgetLoss(policy, reference, settings.Beta);
        var retain = settings.Retain.Loss(ctx, batch, Name);
        return (retain is null ? loss : loss + retain).MoveToOuterDisposeScope();
    }

    /// <param name="policy">log π_θ(y_i|x_i) (B,)</param>
    /// <param name="reference">log π_ref(y_i|x_i) (B,), no gradient</param>
    public static Tensor ForgetLoss(Tensor policy, Tensor reference, double beta)
    {
        using var scope = NewDisposeScope();
        var logRatio = policy - reference.detach();
        return (nn.functional.logsigmoid(logRatio * -beta).mean() * (-2.0 / beta)).MoveToOuterDisposeScope();
    }
}
