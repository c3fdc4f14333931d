using TorchSharp;
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

    public LlamaModel(LlamaConfig c, Device? device, ScalarType dtype) : base("LlamaModel")
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, padding_idx: c.PadTokenId, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new DecoderLayer(c, i, device, dtype)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, c.Architecture == Architecture.Llama, device, dtype);
        rotary = new RotaryEmbedding(c);
        RegisterComponents();
    }

    /// <summary>
    /// Final hidden states (B, T, C) after the last norm; or, when <paramref name="capture"/> stops early, the
    /// residual stream after that layer (no final norm).
    /// </summary>
    /// <param name="inputIds">(B, T) int64 new tokens</param>
    /// <param name="attentionMask">(B, past + T), 1 = real token; null = no padding</param>
    /// <param name="positionIds">(B, T); default: from the padding mask (left padding aware) or past..past+T-1</param>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask, Tensor? positionIds, KvCache? cache, ActivationCapture? capture)
    {
        using var scope = NewDisposeScope();
        long t = inputIds.shape[1];
        long past = cache?.Length ?? 0;
        positionIds ??= DefaultPositions(inputIds, attentionMask, past);
        var h = embed_tokens.forward(inputIds); // (B, T, C)
        var (cos, sin) = rotary.Angles(positionIds, h.dtype);
        using var mask = AttentionMask.Build(attentionMask, t, past, inputIds.device);
        int last = capture?.StopAfterLayer ?? layers.Count - 1;
        for (int l = 0; l <= last; l++)
            h = layers[l].forward(h, cos, sin, mask, cache, capture);
        if (last == layers.Count - 1)
            h = norm.forward(h);
        capture?.MoveToOuterDisposeScope();
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>HF convention: position = (number of real tokens before) for real tokens; pads get 1.</summary>
    private static Tensor DefaultPositions(Tensor inputIds, Tensor? attentionMask, long past)
    {
        long t = inputIds.shape[1];
        if (attentionMask is null)
            return arange(past, past + t, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0).expand(inputIds.shape[0], t);
        using var scope = NewDisposeScope();
        var m = attentionMask.to(ScalarType.Int64);
        var pos = m.cumsum(-1) - 1;
        pos = pos.masked_fill(m == 0, 1);
        return pos.narrow(1, past, t).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            rotary.Dispose();
        base.Dispose(disposing);
    }
}
