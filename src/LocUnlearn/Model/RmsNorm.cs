using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>RMSNorm as HF: statistics in fp32 (bf16 squares lose too much precision), then cast back, times weight.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Scalar eps; // one native scalar for the module's life, not two new ones per call (TorchScalars)
    private readonly bool scaleInInputDtype;
    public readonly TorchSharp.Modules.Parameter weight;

    /// <param name="scaleInInputDtype">LLaMA casts back before the weight multiply; OLMo2 multiplies in fp32 first.</param>
    public RmsNorm(long size, double eps, bool scaleInInputDtype, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base("RmsNorm")
    {
        this.eps = eps.ToScalar();
        this.scaleInInputDtype = scaleInInputDtype;
        weight = nn.Parameter(ones(size, dtype: dtype, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inputDtype = x.dtype;
        bool fp32 = inputDtype == ScalarType.Float32;
        var h = fp32 ? x : x.to(ScalarType.Float32);
        // In place on the fresh (B, T, 1) statistics: autograd needs neither mean's output nor add's, only rsqrt's.
        var inverseRms = h.pow(TorchScalars.Two).mean([-1L], keepdim: true).add_(eps, TorchScalars.One).rsqrt_();
        h = h * inverseRms;
        var y = scaleInInputDtype ? weight * (fp32 ? h : h.to(inputDtype)) : (weight * h).to(inputDtype);
        return y.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            eps.Dispose();
        base.Dispose(disposing);
    }
}
