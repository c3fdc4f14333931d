using LocUnlearn.Model;
using LocUnlearn.Text;

namespace LocUnlearn.Evaluation;

/// <summary>
/// Greedy answers (KV cache, stop at EOS) for many prompts: prompts are sorted by length and generated in large
/// batches, so each decoding step is one forward for the whole batch and a batch ends when all its rows hit EOS.
/// </summary>
public sealed class BatchedAnswerGenerator(LlamaForCausalLM model, ITokenizer tokenizer, IReadOnlyCollection<int> eosIds, int padId,
    int batchSize)
{
    public string[] Generate(IReadOnlyList<IReadOnlyList<int>> prompts, int maxNewTokens)
    {
        var generator = new GreedyGenerator(model, eosIds, padId);
        var texts = new string[prompts.Count];
        int[] order = Enumerable.Range(0, prompts.Count).OrderBy(i => prompts[i].Count).ToArray();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int[] rows = order[start..Math.Min(order.Length, start + batchSize)];
            var outputs = generator.Generate(rows.Select(i => prompts[i]).ToArray(), maxNewTokens);
            for (int b = 0; b < rows.Length; b++)
                texts[rows[b]] = tokenizer.Decode(outputs[b]);
        }
        return texts;
    }
}
