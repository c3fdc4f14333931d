using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// A separate, frozen model used as reference: θo for full-parameter unlearning (where the trained model's own weights
/// move, so suspending deltas is not possible), or θr for the MLP reconstruction (SPEC 8). Disposes the model when it
/// owns it (a model borrowed from the caller, e.g. a loaded θr shared by several runs, is left to the caller).
/// </summary>
public sealed class FrozenCopyReference : IReferenceModel
{
    private readonly bool ownsModel;

    public FrozenCopyReference(LlamaForCausalLM frozen, bool ownsModel = true)
    {
        Model = frozen;
        this.ownsModel = ownsModel;
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

    public Tensor Forward(Batch batch)
    {
        using var _ = no_grad();
        return Model.forward(batch.InputIds, batch.AttentionMask);
    }

    public void Capture(Batch batch, ActivationCapture capture)
    {
        using var _ = no_grad();
        Model.Capture(batch.InputIds, batch.AttentionMask, capture);
    }

    public void Dispose()
    {
        if (ownsModel)
            Model.Dispose();
    }
}
