using static TorchSharp.torch;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>Parses the `--device` setting: cpu, cuda, cuda:N.</summary>
public static class DeviceSpec
{
    public static Device Parse(string spec)
    {
        string s = spec.Trim().ToLowerInvariant();
        if (s == "cpu")
            return CPU;
        if (s == "cuda" || (s.StartsWith("cuda:") && int.TryParse(s[5..], out _)))
        {
            if (!cuda.is_available())
                throw new ModelFormatException(
                    $"device '{spec}' requested but CUDA is not available: build with -p:TorchBackend=cuda (references TorchSharp-cuda-linux), or " +
                    "-p:TorchBackend=external with a CUDA libtorch on LD_LIBRARY_PATH, on a machine with an NVIDIA driver, or use --device cpu " +
                    "(`locunlearn doctor` shows which libtorch loaded).");
            return device(s);
        }
        throw new ModelFormatException($"unknown device '{spec}'; use cpu, cuda or cuda:N.");
    }
}
