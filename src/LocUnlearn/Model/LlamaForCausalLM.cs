using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// A LLaMA-family causal language model with HF state-dict names (`model.layers.{l}.mlp.down_proj.weight`, ...).
/// With tied word embeddings, lm_head *is* model.embed_tokens.weight (one parameter, not a copy).
/// </summary>
public sealed class LlamaForCausalLM : nn.Module
{
    public readonly LlamaModel model;
    public readonly Linear? lm_head;

    public LlamaForCausalLM(LlamaConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base("LlamaForCausalLM")
    {
        Config = config;
        model = new LlamaModel(config, device, dtype);
        if (!config.TieWordEmbeddings)
            lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    public Device Device => model.embed_tokens.weight!.device;
    public ScalarType DType => model.embed_tokens.weight!.dtype;

    /// <summary>
    /// Activation checkpointing (HF gradient_checkpointing): forward passes with autograd and without a KV cache keep
    /// only each decoder layer's input and recompute the layer in the backward pass (<see cref="CheckpointedLayer"/>).
    /// Gradients are the same; activation memory drops from every layer's to one layer's plus the inputs, for about one
    /// more forward pass of compute. Call <see cref="CompleteBackward"/> after each backward pass. Parameter gradients
    /// reach .grad through the recomputation, so this serves backward(), not autograd.grad over parameters; the
    /// <see cref="Training.Trainer"/> switches it on for its run only.
    /// </summary>
    public bool ActivationCheckpointing { get => model.ActivationCheckpointing; set => model.ActivationCheckpointing = value; }

    /// <summary>After backward() of a checkpointed pass: frees what the recomputation left and rethrows its failure.</summary>
    public void CompleteBackward() => model.CompleteBackward();

    /// <summary>The output projection's weight (vocab, C): lm_head's, or the embedding matrix when tied.</summary>
    public Tensor OutputWeight => lm_head?.weight ?? model.embed_tokens.weight!;

    /// <summary>
    /// Logits (B, T, vocab) for input ids (B, T); see <see cref="LlamaModel.forward"/> for the arguments. A capture
    /// records activations on the way; one that stops before the last layer is refused: such a pass has no logits,
    /// use <see cref="Capture"/>.
    /// </summary>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask = null, KvCache? cache = null, ActivationCapture? capture = null,
        Tensor? positionIds = null)
    {
        if (capture?.StopAfterLayer is int stop && stop < Config.NumHiddenLayers - 1)
            throw new ArgumentException($"The capture stops after layer {stop} of {Config.NumHiddenLayers}, so the pass has no logits; "
                + $"call {nameof(Capture)} for a pass that only records activations.", nameof(capture));
        using var scope = NewDisposeScope();
        var h = model.forward(inputIds, attentionMask, cache, capture, positionIds);
        capture?.MoveToOuterDisposeScope();
        return nn.functional.linear(h, OutputWeight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Records <paramref name="capture"/>'s activations and nothing else: the stack runs up to the capture's stop layer
    /// (every layer without one) and the (vocab × C) output projection, most of a shallow pass's cost, is skipped. The
    /// captured tensors keep their autograd graph when gradients are on (RMU, the MLP reconstruction).
    /// </summary>
    public void Capture(Tensor inputIds, Tensor? attentionMask, ActivationCapture capture)
    {
        using var scope = NewDisposeScope();
        model.forward(inputIds, attentionMask, cache: null, capture, positionIds: null);
        capture.MoveToOuterDisposeScope();
    }

    /// <summary>Value-vector weights of every layer: down_proj.weight (hidden, intermediate).</summary>
    public IReadOnlyList<Tensor> DownProjWeights => model.layers.Select(l => l.mlp.down_proj.weight!).ToArray();

    public IReadOnlyList<Mlp> Mlps => model.layers.Select(l => l.mlp).ToArray();

    /// <summary>HF _init_weights: normal(0, initializer_range) for linear and embedding weights, zero biases and
    /// padding row, ones for norms (already so at construction).</summary>
    public void InitializeWeights(long seed)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator((ulong)seed, Device);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("norm.weight"))
                continue;
            if (name.EndsWith(".bias"))
                p.zero_();
            else
                p.normal_(0, Config.InitializerRange, generator);
        }
        if (Config.PadTokenId is int pad && pad >= 0 && pad < Config.VocabSize)
            model.embed_tokens.weight![pad].zero_();
    }
}
