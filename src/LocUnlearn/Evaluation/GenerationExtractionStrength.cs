using LocUnlearn.Data;
using LocUnlearn.Model;

namespace LocUnlearn.Evaluation;

/// <summary>
/// The slow, definition-level Extraction Strength (Wang et al., ICLR 2025) that audits the one-pass
/// <see cref="ExtractionStrength"/>: for every prefix length k = 0..T it really runs greedy decoding after
/// prompt + y_&lt;k and checks that the T - k generated tokens equal y_≥k; k* is the smallest k that does (k = T, the
/// empty suffix, always does). Decoding ignores EOS (an EOS inside y_≥k is simply a mismatch) and the answer's
/// trailing excluded targets (EOS) are not part of y. Cost: T + 1 generations per item.
/// </summary>
public sealed class GenerationExtractionStrength(LlamaForCausalLM model, IReadOnlyCollection<long> excludedTargetIds, int padId)
{
    public ExtractionStrengthItem Compute(EncodedExample example)
    {
        long[] answer = ScoredAnswer(example);
        int t = answer.Length;
        var prompt = example.InputIds.Take(example.PromptLength).Select(id => (int)id).ToArray();
        // All prefixes of this item in one left-padded batch; each row is decoded for T steps and only its first
        // T - k tokens are compared (the batched generator is tested equal to one prompt at a time).
        IReadOnlyList<int>[] prompts = Enumerable.Range(0, t)
            .Select(k => (IReadOnlyList<int>)prompt.Concat(answer.Take(k).Select(id => (int)id)).ToArray()).ToArray();
        var generations = new GreedyGenerator(model, [], padId).Generate(prompts, t);
        for (int k = 0; k < t; k++)
        {
            bool reproduces = generations[k].Take(t - k).Select(id => (long)id).SequenceEqual(answer.Skip(k));
            if (reproduces)
                return new ExtractionStrengthItem(k, t);
        }
        return new ExtractionStrengthItem(t, t);
    }

    /// <summary>The answer tokens y (labels after the prompt) without trailing excluded targets.</summary>
    private long[] ScoredAnswer(EncodedExample example)
    {
        long[] labels = example.Labels[example.PromptLength..];
        int end = labels.Length;
        while (end > 0 && excludedTargetIds.Contains(labels[end - 1]))
            end--;
        if (labels[..end].Any(excludedTargetIds.Contains))
            throw new ArgumentException("an excluded target (EOS) inside the answer: the reference only drops trailing ones");
        if (end == 0)
            throw new ArgumentException("the answer has no scored token: ES is undefined");
        return labels[..end];
    }
}
