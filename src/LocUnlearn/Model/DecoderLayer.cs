using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// One decoder block. LLaMA is pre-norm: h += attn(norm(h)); h += mlp(norm(h)). OLMo2 normalises the sublayer
/// outputs instead: h += norm(attn(h)); h += norm(mlp(h)) (SPEC 2).
/// </summary>
public sealed class DecoderLayer : nn.Module
{
    public readonly Attention self_attn;
    public readonly Mlp mlp;
    public readonly RmsNorm? input_layernorm;            // LLaMA
    public readonly RmsNorm post_attention_layernorm;    // both (LLaMA: before the MLP; OLMo2: after attention)
    public readonly RmsNorm? post_feedforward_layernorm; // OLMo2
    private readonly Architecture arch;
    private readonly int index;

    public DecoderLayer(LlamaConfig c, int index, Device? device, ScalarType dtype) : base("DecoderLayer")
    {
        arch = c.Architecture;
        this.index = index;
        self_attn = new Attention(c, device, dtype);
        mlp = new Mlp(c, device, dtype);
        bool llama = arch == Architecture.Llama;
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, llama, device, dtype);
        if (llama)
            input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, true, device, dtype);
        else
            post_feedforward_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, false, device, dtype);
        RegisterComponents();
    }

    /// <summary>Position l of this layer in the stack (the key of its captures).</summary>
    internal int Index => index;

    /// <param name="h">(B, T, C) residual stream</param>
    /// <param name="cos">RoPE angles from <see cref="RotaryEmbedding"/>, with <paramref name="sinRotated"/></param>
    public Tensor forward(Tensor h, Tensor cos, Tensor sinRotated, AttentionMask mask, KvCache? cache, ActivationCapture? capture)
    {
        using var scope = NewDisposeScope();
        Tensor mlpOut;
        if (arch == Architecture.Llama)
        {
            h = h.add(self_attn.forward(input_layernorm!.forward(h), cos, sinRotated, mask, cache, index), TorchScalars.One);
            mlpOut = RunMlp(post_attention_layernorm.forward(h), capture);
            h = h.add(mlpOut, TorchScalars.One);
        }
        else
        {
            h = h.add(post_attention_layernorm.forward(self_attn.forward(h, cos, sinRotated, mask, cache, index)), TorchScalars.One);
            mlpOut = RunMlp(h, capture);
            h = h.add(post_feedforward_layernorm!.forward(mlpOut), TorchScalars.One);
        }
        if (capture is not null)
        {
            if (capture.MlpOutputLayers.Contains(index))
                capture.MlpOutputs[index] = mlpOut.MoveToOuterDisposeScope();
            if (capture.ResidualLayers.Contains(index))
                capture.Residuals[index] = h.alias().MoveToOuterDisposeScope();
        }
        return h.MoveToOuterDisposeScope();
    }

    private Tensor RunMlp(Tensor x, ActivationCapture? capture)
    {
        var a = mlp.Coefficients(x);
        if (capture is not null && capture.CoefficientLayers.Contains(index))
            capture.Coefficients[index] = a.alias().MoveToOuterDisposeScope();
        return mlp.Down(a);
    }
}
