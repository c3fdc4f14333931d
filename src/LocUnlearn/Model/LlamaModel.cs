using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>The decoder stack (HF `model.*`): embeddings, layers, final norm.</summary>
public sealed class LlamaModel : nn.Module
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<DecoderLayer> layers;
    public readonly RmsNorm norm;
    private readonly RotaryEmbedding rotary;
    private readonly CheckpointBackward checkpoints = new();

    public LlamaModel(LlamaConfig c, Device? device, ScalarType dtype) : base("LlamaModel")
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, padding_idx: c.PadTokenId, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new DecoderLayer(c, i, device, dtype)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, c.Architecture == Architecture.Llama, device, dtype);
        rotary = new RotaryEmbedding(c);
        RegisterComponents();
    }

    /// <summary>See <see cref="LlamaForCausalLM.ActivationCheckpointing"/>.</summary>
    public bool ActivationCheckpointing { get; set; }

    /// <summary>Ends the backward pass of a checkpointed forward pass (see <see cref="CheckpointBackward"/>).</summary>
    internal void CompleteBackward() => checkpoints.Complete();

    /// <summary>
    /// Final hidden states (B, T, C) after the last norm; or, when <paramref name="capture"/> stops early, the
    /// residual stream after that layer (no final norm).
    /// </summary>
    /// <param name="inputIds">(B, T) int64 new tokens</param>
    /// <param name="attentionMask">(B, past + T), 1 = real token; null = no padding</param>
    /// <param name="positionIds">(B, T) or (1, T) RoPE positions of the new tokens (HF position_ids); null = derived:
    /// past..past+T-1 without a mask, else the count of real tokens before each one (see <see cref="PaddedPositions"/>)</param>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask, KvCache? cache, ActivationCapture? capture,
        Tensor? positionIds = null)
    {
        using var scope = NewDisposeScope();
        long t = inputIds.shape[1];
        long past = cache?.Length ?? 0;
        var h = embed_tokens.forward(inputIds); // (B, T, C)
        // Derived without padding, every row's positions are past..past+T-1: rows of the angle tables, no position tensor.
        var (cos, sinRotated) = positionIds is not null
            ? ExplicitAngles(positionIds, inputIds, h)
            : attentionMask is null
                ? rotary.Angles(past, t, h)
                : rotary.Angles(PaddedPositions(attentionMask, past, t), Math.Max(past + t, 2), h);
        using var mask = AttentionMask.Build(attentionMask, t, past, inputIds.device);
        int last = capture?.StopAfterLayer ?? layers.Count - 1;
        // Checkpointing serves training: without autograd there is nothing to recompute, and decoding keeps its cache.
        bool checkpoint = ActivationCheckpointing && cache is null && is_grad_enabled();
        if (checkpoint)
            checkpoints.Complete();
        for (int l = 0; l <= last; l++)
            h = checkpoint
                ? CheckpointedLayer.Forward(layers[l], h, cos, sinRotated, mask, capture, checkpoints)
                : layers[l].forward(h, cos, sinRotated, mask, cache, capture);
        if (last == layers.Count - 1)
            h = norm.forward(h);
        capture?.MoveToOuterDisposeScope();
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>Angles (B or 1, 1, T, head_dim) for caller-given position ids, checked against the input's shape.</summary>
    private (Tensor Cos, Tensor SinRotated) ExplicitAngles(Tensor positionIds, Tensor inputIds, Tensor like)
    {
        long b = inputIds.shape[0], t = inputIds.shape[1];
        if (positionIds.dim() != 2 || positionIds.shape[1] != t || (positionIds.shape[0] != b && positionIds.shape[0] != 1))
            throw new ArgumentException(
                $"position ids of shape [{string.Join(", ", positionIds.shape)}] do not fit input ids [{b}, {t}]: expected [{b}, {t}] or [1, {t}].");
        var positions = positionIds.to(ScalarType.Int64, like.device);
        long min = positions.min().item<long>(), max = positions.max().item<long>();
        if (min < 0)
            throw new ArgumentException($"position ids must be non-negative, got {min}.");
        return rotary.Angles(positions, max + 1, like);
    }

    /// <summary>HF convention for the new positions (B, T): (number of real tokens before) for real tokens, 1 for pads;
    /// all below max(past + T, 2).</summary>
    private static Tensor PaddedPositions(Tensor attentionMask, long past, long t)
    {
        using var scope = NewDisposeScope();
        var m = attentionMask.to(ScalarType.Int64);
        var pos = m.cumsum(-1) - 1;
        pos = pos.masked_fill(m == 0, 1);
        return pos.narrow(1, past, t).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rotary.Dispose();
            checkpoints.Dispose();
        }
        base.Dispose(disposing);
    }
}
