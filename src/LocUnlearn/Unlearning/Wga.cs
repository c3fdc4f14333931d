using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Weighted gradient ascent (Wang et al. 2025, SPEC 6): L_f = -mean_t [sg(p_t^β) · CE_t] over answer tokens. Tokens the
/// model already finds unlikely get little weight, so ascent does not run away on them; β = 0 is plain GA.
/// </summary>
public sealed class Wga(WgaSettings settings) : IUnlearningObjective
{
    public string Name => "wga";
    public bool UsesRetain => settings.Retain.IsActive();
    public bool UsesRefusals => false;
    public bool UsesReference => settings.Retain.UsesReference();

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        var forget = ForgetLoss(ctx.Forward(batch.Forget), batch.Forget.Labels, settings.Beta);
        var retain = settings.Retain.Loss(ctx, batch, Name);
        return (retain is null ? forget : forget + retain).MoveToOuterDisposeScope();
    }

    /// <summary>-mean_t [sg(p_t^β)·CE_t] = mean_t [sg(exp(β log p_t)) · log p_t].</summary>
    public static Tensor ForgetLoss(Tensor logits, Tensor labels, double beta)
    {
        using var scope = NewDisposeScope();
        var (logP, mask) = CausalLmLoss.TokenLogProbs(logits, labels);
        var weight = (logP.detach() * beta).exp();
        return ((weight * logP * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
