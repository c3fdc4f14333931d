using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Greedy decoding for a batch of prompts (left-padded), stopping each row at EOS. With the KV cache each step
/// feeds only the new token; without it every step recomputes the whole sequence (the reference the cache is
/// tested and benchmarked against).
/// </summary>
public sealed class GreedyGenerator(LlamaForCausalLM model, IReadOnlyCollection<int> eosIds, int padId)
{
    /// <summary>Generated tokens per prompt, without the EOS that ended them.</summary>
    public IReadOnlyList<int[]> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, int maxNewTokens, bool useCache = true)
    {
        if (prompts.Count == 0)
            return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var device = model.Device;
        int batch = prompts.Count;
        int width = prompts.Max(p => p.Count);
        var ids = new long[batch * width];
        var mask = new long[batch * width];
        for (int b = 0; b < batch; b++)
        {
            int offset = width - prompts[b].Count; // left padding
            for (int j = 0; j < width; j++)
            {
                ids[b * width + j] = j < offset ? padId : prompts[b][j - offset];
                mask[b * width + j] = j < offset ? 0 : 1;
            }
        }
        var sequence = tensor(ids, [batch, width], device: device);
        var attention = tensor(mask, [batch, width], device: device);
        // Without padding no mask is needed at all: the forward pass then skips building and checking one per step.
        bool padded = prompts.Any(p => p.Count != width);
        var outputs = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var done = new bool[batch];
        using var cache = useCache ? new KvCache(model.Config.NumHiddenLayers, capacity: width + maxNewTokens) : null;
        var next = sequence;
        for (int step = 0; step < maxNewTokens && !done.All(d => d); step++)
        {
            using var stepScope = NewDisposeScope();
            var stepMask = padded ? attention : null;
            var logits = useCache ? model.forward(next, stepMask, cache: cache) : model.forward(sequence, stepMask);
            var chosen = logits.select(1, -1).argmax(-1); // (B,)
            var chosenIds = chosen.cpu().data<long>().ToArray();
            for (int b = 0; b < batch; b++)
            {
                if (done[b]) continue;
                int token = (int)chosenIds[b];
                if (eosIds.Contains(token)) done[b] = true;
                else outputs[b].Add(token);
            }
            next = chosen.unsqueeze(1).MoveToOuterDisposeScope();
            if (!useCache)
                sequence = cat([sequence, next], 1).MoveToOuterDisposeScope();
            if (padded)
                attention = cat([attention, ones(batch, 1, dtype: ScalarType.Int64, device: device)], 1).MoveToOuterDisposeScope();
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }
}
