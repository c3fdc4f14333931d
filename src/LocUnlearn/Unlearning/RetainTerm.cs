using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>Which retain loss L_r an objective adds (SPEC 6, "Retain terms").</summary>
public enum RetainLossKind
{
    /// <summary>No retain term (plain GA).</summary>
    None,
    /// <summary>Mean NLL over the retain batch's answer tokens.</summary>
    Nll,
    /// <summary>KL(π_ref ‖ π_θ) of the next-token distributions, averaged over the retain batch's answer positions.</summary>
    Kl,
}

/// <summary>α·L_r on the retain batch paired with the forget batch; default NLL with α = 1 (SPEC 6).</summary>
public sealed record RetainTerm(RetainLossKind Kind = RetainLossKind.Nll, double Alpha = 1.0)
{
    public static RetainTerm None { get; } = new(RetainLossKind.None, 0);

    // Methods, not properties: derived values are neither written to config.json nor accepted from it.
    public bool IsActive() => Kind != RetainLossKind.None && Alpha != 0;
    public bool UsesReference() => IsActive() && Kind == RetainLossKind.Kl;

    /// <summary>α·L_r (a scalar with gradient), or null when inactive.</summary>
    public Tensor? Loss(UnlearningContext ctx, UnlearningBatch batch, string who)
    {
        if (!IsActive()) return null;
        using var scope = NewDisposeScope();
        var retain = batch.RequireRetain(who);
        var logits = ctx.Forward(retain);
        var loss = Kind switch
        {
            RetainLossKind.Nll => CausalLmLoss.MeanNll(logits, retain.Labels),
            RetainLossKind.Kl => KlFromReference(logits, ctx.RequireReference(who).Forward(retain), retain.Labels),
            _ => throw new InvalidOperationException($"unknown retain loss {Kind}"),
        };
        return (loss * Alpha).MoveToOuterDisposeScope();
    }

    /// <summary>mean over labelled positions of Σ_v p_ref(v) (log p_ref(v) - log p_θ(v)).</summary>
    internal static Tensor KlFromReference(Tensor logits, Tensor refLogits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (l, y) = CausalLmLoss.Shift(logits, labels);
        var (r, _) = CausalLmLoss.Shift(refLogits, labels);
        var logP = nn.functional.log_softmax(l.to(ScalarType.Float32), -1);
        var logRef = nn.functional.log_softmax(r.to(ScalarType.Float32), -1);
        var perPosition = (logRef.exp() * (logRef - logP)).sum(dim: -1); // (B, T-1)
        var mask = (y != CausalLmLoss.IgnoreIndex).to(ScalarType.Float32);
        return ((perPosition * mask).sum() / mask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
