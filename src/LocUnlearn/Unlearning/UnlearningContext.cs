using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>The model being unlearned (θ, with gradient) and its reference π_ref (no gradient).</summary>
public sealed class UnlearningContext(LlamaForCausalLM model, IReferenceModel? reference)
{
    public LlamaForCausalLM Model { get; } = model;
    public IReferenceModel? Reference { get; } = reference;

    /// <summary>Precomputed log π_ref(y|x) of the forget items (NPO, DPO's rejected answers); null = compute per batch.</summary>
    public ReferenceLogProbTable? ForgetReferenceLogProbs { get; init; }
    /// <summary>Precomputed log π_ref(y_idk|x) of the forget questions' refusal answers (DPO's preferred answers).</summary>
    public ReferenceLogProbTable? RefusalReferenceLogProbs { get; init; }

    /// <summary>log π_ref(y|x) per row (B,), no gradient: from <paramref name="table"/> when given, else one reference pass.</summary>
    public Tensor ReferenceSequenceLogProbs(Batch batch, ReferenceLogProbTable? table, string who)
    {
        if (table is not null)
            return table.For(batch);
        using var scope = NewDisposeScope();
        var (logProb, _) = CausalLmLoss.SequenceLogProbs(RequireReference(who).Forward(batch), batch.Labels);
        return logProb.MoveToOuterDisposeScope();
    }

    public IReferenceModel RequireReference(string who) =>
        Reference ?? throw new InvalidOperationException($"{who} needs a reference model π_ref (θo), but none was given.");

    /// <summary>θ's logits (B, T, V), or its residual after the capture's stop layer.</summary>
    public Tensor Forward(Batch batch, ActivationCapture? capture = null) =>
        Model.forward(batch.InputIds, batch.AttentionMask, capture: capture);
}
