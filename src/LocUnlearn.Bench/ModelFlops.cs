using LocUnlearn.Model;

namespace LocUnlearn.Bench;

/// <summary>Training FLOPs of a LLaMA-family config (PaLM appendix B), for model FLOP utilisation.</summary>
public static class ModelFlops
{
    /// <summary>Parameters of every matmul: attention projections (grouped-query k/v), the MLP, and the output
    /// projection (a matmul also when tied); embedding lookups and norms are not matmuls.</summary>
    public static long MatmulParameters(LlamaConfig m)
    {
        long q = (long)m.NumAttentionHeads * m.HeadDim, kv = (long)m.NumKeyValueHeads * m.HeadDim;
        long layer = m.HiddenSize * (q + 2 * kv) + q * m.HiddenSize + 3L * m.HiddenSize * m.IntermediateSize;
        return m.NumHiddenLayers * layer + (long)m.VocabSize * m.HiddenSize;
    }

    /// <summary>6·N·tokens for the matmuls plus 12·L·T²·(heads·head_dim)·rows for QKᵀ and AV, forward and backward
    /// (no causal halving, as PaLM counts it).</summary>
    public static double TrainingStep(LlamaConfig m, int rows, int tokens) =>
        6.0 * MatmulParameters(m) * rows * tokens
        + 12.0 * m.NumHiddenLayers * (double)tokens * tokens * m.NumAttentionHeads * m.HeadDim * rows;
}
