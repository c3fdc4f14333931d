using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// A separate, frozen model used as reference: θo for full-parameter unlearning (where the trained model's own weights
/// move, so suspending deltas is not possible), or θr for the MLP reconstruction (SPEC 8). Owns the model.
/// </summary>
public sealed class FrozenCopyReference : IReferenceModel
{
    public FrozenCopyReference(LlamaForCausalLM frozen)
    {
        Model = frozen;
        foreach (var p in frozen.parameters()) p.requires_grad_(false);
        frozen.eval();
    }

    public LlamaForCausalLM Model { get; }

    /// <summary>A bit-identical copy of <paramref name="model"/>'s current weights (its region deltas, if any, merged in).</summary>
    public static FrozenCopyReference Of(LlamaForCausalLM model)
    {
        var copy = new LlamaForCausalLM(model.Config, model.Device, model.DType);
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, p) in copy.state_dict())
                p.copy_(source[name]);
            for (int l = 0; l < model.Mlps.Count; l++)
                if (model.Mlps[l].Delta is { } d)
                    Mlp.MergeInto(copy.Mlps[l], d);
        }
        return new FrozenCopyReference(copy);
    }

    public Tensor Forward(Batch batch, ActivationCapture? capture = null)
    {
        using var _ = no_grad();
        return Model.forward(batch.InputIds, batch.AttentionMask, capture: capture);
    }

    public void Dispose() => Model.Dispose();
}
