using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// π_ref of SPEC 6 (θo, the model before unlearning) or, for the MLP reconstruction of SPEC 8, the frozen θr. Runs
/// without gradient; the returned logits (or the residual, when the capture stops early) and every captured tensor
/// are detached and owned by the caller's dispose scope.
/// </summary>
public interface IReferenceModel : IDisposable
{
    Tensor Forward(Batch batch, ActivationCapture? capture = null);
}
