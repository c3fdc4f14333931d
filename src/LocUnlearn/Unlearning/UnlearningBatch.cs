using LocUnlearn.Data;

namespace LocUnlearn.Unlearning;

/// <summary>
/// What one micro-batch of unlearning sees (SPEC 6): forget items, the retain items paired with them, and for DPO the
/// same forget questions answered with a refusal string (the preferred answer). Owns its tensors.
/// </summary>
public sealed class UnlearningBatch(Batch forget, Batch? retain = null, Batch? refusal = null) : IDisposable
{
    public Batch Forget { get; } = forget;
    public Batch? Retain { get; } = retain;
    /// <summary>Row i: forget question i with a refusal answer from idontknow.jsonl.</summary>
    public Batch? Refusal { get; } = refusal;

    public Batch RequireRetain(string who) =>
        Retain ?? throw new InvalidOperationException($"{who} needs a retain batch, but the unlearning batch has none.");

    public Batch RequireRefusal(string who) =>
        Refusal ?? throw new InvalidOperationException($"{who} needs refusal answers for the forget questions (idontknow.jsonl).");

    public void Dispose()
    {
        Forget.Dispose();
        Retain?.Dispose();
        Refusal?.Dispose();
    }
}
