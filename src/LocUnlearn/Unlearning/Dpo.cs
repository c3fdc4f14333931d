using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// DPO with a refusal preferred over the true answer (SPEC 6):
/// L_f = -(2/β) mean log σ(β [(log π_θ - log π_ref)(y_idk|x) - (log π_θ - log π_ref)(y|x)]).
/// </summary>
public sealed class Dpo(DpoSettings settings) : IUnlearningObjective
{
    public string Name => "dpo";
    public bool UsesRetain => settings.Retain.IsActive();
    public bool UsesRefusals => true;
    public bool UsesReference => true;

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        var rejected = batch.Forget;
        var chosen = batch.RequireRefusal(Name);
        var (chosenPolicy, _) = CausalLmLoss.SequenceLogProbs(ctx.Forward(chosen), chosen.Labels);
        var chosenRef = ctx.ReferenceSequenceLogProbs(chosen, ctx.RefusalReferenceLogProbs, Name);
        var (rejectedPolicy, _) = CausalLmLoss.SequenceLogProbs(ctx.Forward(rejected), rejected.Labels);
        var rejectedRef = ctx.ReferenceSequenceLogProbs(rejected, ctx.ForgetReferenceLogProbs, Name);
        var loss = ForgetLoss(chosenPolicy, chosenRef, rejectedPolicy, rejectedRef, settings.Beta);
        var retain = settings.Retain.Loss(ctx, batch, Name);
        return (retain is null ? loss : loss + retain).MoveToOuterDisposeScope();
    }

    /// <summary>All arguments are per-item sequence log-probabilities (B,); the reference ones carry no gradient.</summary>
    public static Tensor ForgetLoss(Tensor chosenPolicy, Tensor chosenRef, Tensor rejectedPolicy, Tensor rejectedRef, double beta)
    {
        using var scope = NewDisposeScope();
        var margin = (chosenPolicy - chosenRef.detach()) - (rejectedPolicy - rejectedRef.detach());
        return (nn.functional.logsigmoid(margin * beta).mean() * (-2.0 / beta)).MoveToOuterDisposeScope();
    }
}
