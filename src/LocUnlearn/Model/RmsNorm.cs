using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>RMSNorm as HF: statistics in fp32 (bf16 squares lose too much precision), then cast back, times weight.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;
    private readonly bool scaleInInputDtype;
    public readonly TorchSharp.Modules.Parameter weight;

    /// <param name="scaleInInputDtype">LLaMA casts back before the weight multiply; OLMo2 multiplies in fp32 first.</param>
    public RmsNorm(long size, double eps, bool scaleInInputDtype, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base("RmsNorm")
    {
        this.eps = eps;
        this.scaleInInputDtype = scaleInInputDtype;
        weight = nn.Parameter(ones(size, dtype: dtype, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inputDtype = x.dtype;
        var h = x.to(ScalarType.Float32);
        var variance = h.pow(2).mean([-1L], keepdim: true);
        h = h * rsqrt(variance + eps);
        var y = scaleInInputDtype ? weight * h.to(inputDtype) : (weight * h).to(inputDtype);
        return y.MoveToOuterDisposeScope();
    }
}
