using static TorchSharp.torch;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>Where and in which precision to materialise a model.</summary>
/// <param name="Device">"cpu", "cuda" or "cuda:N"</param>
/// <param name="DType">weights' dtype; null keeps the checkpoint's (fp32 for the tool's own models)</param>
public sealed record ModelLoadOptions(string Device = "cpu", ScalarType? DType = null)
{
    public Device TorchDevice => DeviceSpec.Parse(Device);
}
