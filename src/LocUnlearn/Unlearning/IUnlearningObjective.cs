using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>An unlearning loss (SPEC 6): L_f on the forget batch plus α·L_r on its retain batch, minimized.</summary>
public interface IUnlearningObjective
{
    /// <summary>Registry name (`ga`, `gd`, `wga`, `npo`, `dpo`, `rmu`).</summary>
    string Name { get; }
    bool UsesRetain { get; }
    bool UsesRefusals { get; }
    bool UsesReference { get; }

    /// <summary>Scalar loss with gradient w.r.t. the trainable set.</summary>
    Tensor Loss(UnlearningContext ctx, UnlearningBatch batch);
}
