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

    /// <summary>θ's logits (B, T, V).</summary>
    public Tensor Forward(Batch batch) => Model.forward(batch.InputIds, batch.AttentionMask);

    /// <summary>Only the activations <paramref name="capture"/> asks for, with gradient through θ.</summary>
    public void Capture(Batch batch, ActivationCapture capture) => Model.Capture(batch.InputIds, batch.AttentionMask, capture);
}
