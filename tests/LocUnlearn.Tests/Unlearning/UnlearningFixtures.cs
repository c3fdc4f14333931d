using LocUnlearn.Data;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Tests.Unlearning;

/// <summary>Random encoded (prompt, answer) examples for tiny models: token ids in [3, vocab), varied lengths.</summary>
internal static class UnlearningFixtures
{
    public static readonly Collator Collator = new(PadId: 0);

    public static List<EncodedExample> Examples(int count, int vocab, long seed, int promptLength = 3, int minAnswer = 3, int maxAnswer = 6)
    {
        var rng = SplitMix64.ForStream(seed, "test/examples");
        return Enumerable.Range(0, count).Select(_ =>
        {
            int length = promptLength + minAnswer + rng.NextInt(maxAnswer - minAnswer + 1);
            var ids = Enumerable.Range(0, length).Select(_ => 3L + rng.NextInt(vocab - 3)).ToArray();
            var labels = ids.Select((id, t) => t < promptLength ? EncodedExample.IgnoreIndex : id).ToArray();
            return new EncodedExample(ids, labels, promptLength);
        }).ToList();
    }

    /// <summary>Forget, retain, and refusal answers (the forget prompts with an answer of their own).</summary>
    public static UnlearningData Data(int vocab, long seed = 1)
    {
        var forget = Examples(6, vocab, seed);
        var retain = Examples(10, vocab, seed + 100);
        var refusalAnswers = Examples(6, vocab, seed + 200);
        var refusals = forget.Zip(refusalAnswers, (f, r) =>
        {
            var ids = f.InputIds.Take(f.PromptLength).Concat(r.InputIds.Skip(r.PromptLength)).ToArray();
            var labels = ids.Select((id, t) => t < f.PromptLength ? EncodedExample.IgnoreIndex : id).ToArray();
            return new EncodedExample(ids, labels, f.PromptLength);
        }).ToList();
        return new UnlearningData(forget, retain, refusals);
    }
}
