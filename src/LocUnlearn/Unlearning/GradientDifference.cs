using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>GD: GA on the forget batch + α·L_r on the paired retain batch (SPEC 6).</summary>
public sealed class GradientDifference(GdSettings settings) : IUnlearningObjective
{
    public string Name => "gd";
    public bool UsesRetain => settings.Retain.IsActive();
    public bool UsesRefusals => false;
    public bool UsesReference => settings.Retain.UsesReference();

    public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch)
    {
        using var scope = NewDisposeScope();
        var forget = -CausalLmLoss.MeanNll(ctx.Forward(batch.Forget), batch.Forget.Labels);
        var retain = settings.Retain.Loss(ctx, batch, Name);
        return (retain is null ? forget : forget + retain).MoveToOuterDisposeScope();
    }
}
