using LocUnlearn.Data;
using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// π_ref of SPEC 6 (θo, the model before unlearning) or, for the MLP reconstruction of SPEC 8, the frozen θr. Runs
/// without gradient; the returned logits and every captured tensor are detached and owned by the caller's dispose scope.
/// </summary>
public interface IReferenceModel : IDisposable
{
    /// <summary>Logits (B, T, vocab).</summary>
    Tensor Forward(Batch batch);

    /// <summary>Only the activations <paramref name="capture"/> asks for (<see cref="LlamaForCausalLM.Capture"/>).</summary>
    void Capture(Batch batch, ActivationCapture capture);
}
