using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>The model being unlearned (θ, with gradient) and its reference π_ref (no gradient).</summary>
public sealed class UnlearningContext(LlamaForCausalLM model, IReferenceModel? reference)
{
    public LlamaForCausalLM Model { get; } = model;
    public IReferenceModel? Reference { get; } = reference;

    public IReferenceModel RequireReference(string who) =>
        Reference ?? throw new InvalidOperationException($"{who} needs a reference model π_ref (θo), but none was given.");

    /// <summary>θ's logits (B, T, V), or its residual after the capture's stop layer.</summary>
    public Tensor Forward(Batch batch, ActivationCapture? capture = null) =>
        Model.forward(batch.InputIds, batch.AttentionMask, capture: capture);
}
