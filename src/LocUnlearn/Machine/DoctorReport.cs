namespace LocUnlearn.Machine;

/// <summary>The tool, its runtime and the TorchSharp it was built with (known without loading any native library).</summary>
/// <param name="Host">the executable running the tool (dotnet, or the self-contained apphost)</param>
public sealed record ToolFacts(
    string Version, string GitCommit, string TorchBackend, string DotNet, string RuntimeIdentifier, string Os, string? Host,
    string? TorchSharp, string TorchSharpFolder);

/// <summary>The native backend once loaded: which files, which libtorch version, and whether a small CPU computation is right.</summary>
/// <param name="BuiltForLibtorch">the libtorch version TorchSharp was compiled for (torch.__version__)</param>
/// <param name="LibtorchVersion">the loaded libtorch's version where its files say (null: unknown)</param>
/// <param name="CpuCheck">"ok" or what went wrong in a 64x64 matmul on the CPU</param>
public sealed record NativeFacts(LoadedLibraries Libraries, string BuiltForLibtorch, string? LibtorchVersion, string CpuCheck);

/// <summary>What TorchSharp says about CUDA, plus names and memory from nvidia-smi (null: not installed).</summary>
/// <param name="DeviceCheck">"ok" or the error of a 64x64 matmul on cuda:0 compared with the CPU's; null without CUDA</param>
public sealed record CudaFacts(bool Available, int DeviceCount, bool CudnnAvailable, IReadOnlyList<GpuDescription>? Gpus, string? DeviceCheck);

/// <param name="OmpNumThreads">OMP_NUM_THREADS (null: unset)</param>
public sealed record ThreadFacts(int CpuCores, int TorchIntraOp, int TorchInterOp, string? OmpNumThreads);

/// <summary>Memory this process may still take (MemAvailable or a tighter cgroup limit) and free disk in a folder.</summary>
public sealed record ResourceFacts(long? MemoryAvailable, string MemorySource, long? MemoryTotal, string Folder, long? DiskFree, long? DiskTotal);

/// <summary>
/// Everything `locunlearn doctor` found. <see cref="Problems"/> make it fail (the native backend did not load, a
/// requested device is not there); <see cref="Notes"/> are worth reading but stop nothing.
/// </summary>
public sealed record DoctorReport(
    ToolFacts Tool, BackendLoad Backend, NativeFacts? Native, CudaFacts? Cuda, ThreadFacts? Threads, ResourceFacts Resources,
    IReadOnlyList<KeyValuePair<string, string?>> Environment, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>The environment variables that change what the loader and libtorch do.</summary>
    public static readonly string[] EnvironmentKeys =
        ["LD_LIBRARY_PATH", "LD_PRELOAD", "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "NUGET_PACKAGES"];
}
