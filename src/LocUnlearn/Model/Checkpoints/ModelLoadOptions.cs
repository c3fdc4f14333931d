using static TorchSharp.torch;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>Where and in which precision to materialise a model.</summary>
/// <param name="Device">"cpu", "cuda" or "cuda:N"</param>
/// <param name="DType">
/// the model's dtype, whatever the checkpoint's: tensors are converted on load (a bf16 or fp16 checkpoint is upcast
/// exactly to fp32). fp32 by default because the callers that pass no dtype train or take gradients (unlearning,
/// localization) and need fp32 weights; a study passes its configured <c>model.dtype</c>.
/// </param>
public sealed record ModelLoadOptions(string Device = "cpu", ScalarType DType = ScalarType.Float32)
{
    public Device TorchDevice => DeviceSpec.Parse(Device);
}
