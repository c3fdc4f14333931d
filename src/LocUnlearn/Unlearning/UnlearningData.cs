using LocUnlearn.Data;
using LocUnlearn.Text;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Encoded inputs of an unlearning run: forget items, retain items, and (DPO) for each forget item i its question
/// with a refusal answer, <see cref="ForgetRefusals"/>[i].
/// </summary>
public sealed record UnlearningData(IReadOnlyList<EncodedExample> Forget, IReadOnlyList<EncodedExample> Retain,
    IReadOnlyList<EncodedExample>? ForgetRefusals = null)
{
    /// <summary>One refusal string per forget question, drawn uniformly with the seed (SPEC 6, DPO: "drawn per item").</summary>
    public static IReadOnlyList<EncodedExample> EncodeRefusals(PromptEncoder encoder, IReadOnlyList<QaItem> forget,
        IReadOnlyList<string> refusals, long seed)
    {
        if (refusals.Count == 0)
            throw new ArgumentException("no refusal strings to draw from (idontknow.jsonl).", nameof(refusals));
        var rng = SplitMix64.ForStream(seed, "dpo/refusal-per-item");
        return forget.Select(item => encoder.Encode(item.Question, rng.Pick(refusals), $"{item.Source} (refusal)")).ToList();
    }
}
