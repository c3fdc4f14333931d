using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>GA: L_f = -mean_t CE_t over the forget batch's answer tokens, no retain term (SPEC 6).</summary>
public sealed class GradientAscent : IUnlearningObjective
{
    public string Name => "ga";
    public bool UsesRetain => false;
    public bool UsesRefusals => false;
    public bool UsesReference => false;

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        return (-CausalLmLoss.MeanNll(ctx.Forward(batch.Forget), batch.Forget.Labels)).MoveToOuterDisposeScope();
    }
}
