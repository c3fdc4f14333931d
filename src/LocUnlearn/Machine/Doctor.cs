using System.Runtime.InteropServices;
using LocUnlearn.Common;
using LocUnlearn.Study.Memory;
using TorchSharp;

namespace LocUnlearn.Machine;

/// <summary>
/// `locunlearn doctor`: what this machine gives the tool. Everything that needs no native library is read first, so a
/// backend that cannot load still leaves the versions, memory and disk in the report; then the backend is loaded
/// through <see cref="NativeBackend"/>, and only then is torch asked about threads and CUDA.
/// </summary>
public static class Doctor
{
    /// <param name="requiredDevice">a device that must work (cpu, cuda, cuda:N), or null to only report</param>
    /// <param name="folder">the folder whose free disk is reported (the working folder)</param>
    public static DoctorReport Examine(string? requiredDevice, string folder)
    {
        var tool = Tool();
        var resources = Resources(folder);
        var environment = DoctorReport.EnvironmentKeys.Select(k => KeyValuePair.Create(k, Environment.GetEnvironmentVariable(k))).ToList();
        var backend = NativeBackend.Load();
        if (backend.Failure is { } failure)
            return new DoctorReport(tool, backend, null, null, null, resources, environment, [failure.Summary], NuGetFallbackNotes());
        var threads = new ThreadFacts(Environment.ProcessorCount, torch.get_num_threads(), torch.get_num_interop_threads(),
            Environment.GetEnvironmentVariable("OMP_NUM_THREADS"));
        var cuda = TorchChecks.Cuda();
        var libraries = LoadedLibraries.ForThisProcess(); // after CUDA was touched: libtorch_cuda and the CUDA libraries are in
        var native = new NativeFacts(libraries, torch.__version__, LoadedVersion(libraries), TorchChecks.Cpu());
        var problems = new List<string>();
        if (native.CpuCheck != "ok")
            problems.Add($"a 64x64 matmul on the CPU failed: {native.CpuCheck}");
        if (requiredDevice is not null && DeviceProblem(requiredDevice, cuda, libraries) is { } problem)
            problems.Add(problem);
        return new DoctorReport(tool, backend, native, cuda, threads, resources, environment, problems, VersionNotes(native));
    }

    private static ToolFacts Tool() => new(
        ToolVersion.Version, ToolVersion.GitCommit(), ToolVersion.TorchBackend, ToolVersion.DotNet, RuntimeInformation.RuntimeIdentifier,
        RuntimeInformation.OSDescription, Environment.ProcessPath, ToolVersion.TorchSharp, NativeBackend.AppFolder);

    private static ResourceFacts Resources(string folder)
    {
        string? meminfo = File.Exists("/proc/meminfo") ? File.ReadAllText("/proc/meminfo") : null;
        var (available, source) = MemoryCheck.Tighter(meminfo is null ? null : MemoryCheck.MemAvailable(meminfo), CgroupMemory.ForThisProcess());
        long? total = meminfo is null ? null : MemTotal(meminfo);
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(folder));
            return new ResourceFacts(available, source, total, Path.GetFullPath(folder), drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new ResourceFacts(available, source, total, Path.GetFullPath(folder), null, null);
        }
    }

    public static long? MemTotal(string meminfo) =>
        meminfo.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024
            : null;

    private static string? LoadedVersion(LoadedLibraries libraries)
    {
        string? core = libraries.Libtorch.FirstOrDefault(p => Path.GetFileName(p).StartsWith("libtorch_cpu", StringComparison.Ordinal));
        return core is null ? null : LibtorchVersion.Of(core, NativeBackend.AppFolder, torch.__version__, p => File.Exists(p) ? File.ReadAllText(p) : null);
    }

    /// <summary>Why a required device cannot be used, naming the fix; null when it can.</summary>
    public static string? DeviceProblem(string device, CudaFacts cuda, LoadedLibraries libraries)
    {
        string d = device.Trim().ToLowerInvariant();
        if (d == "cpu")
            return null;
        if (d != "cuda" && !(d.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(d[5..], out _)))
            return $"unknown device '{device}'; use cpu, cuda or cuda:N";
        int index = d == "cuda" ? 0 : int.Parse(d[5..], System.Globalization.CultureInfo.InvariantCulture);
        if (!cuda.Available)
            return libraries.Libtorch.Any(p => Path.GetFileName(p).StartsWith("libtorch_cuda", StringComparison.Ordinal))
                ? $"device '{device}' requested: libtorch_cuda is loaded but CUDA reports no usable GPU; check the driver (nvidia-smi) and CUDA_VISIBLE_DEVICES"
                : $"device '{device}' requested, but the libtorch this process loaded has no CUDA (no libtorch_cuda.so loaded): build with " +
                  "-p:TorchBackend=cuda, or with -p:TorchBackend=external and a CUDA libtorch's lib folder on LD_LIBRARY_PATH (README, GPU)";
        if (index >= cuda.DeviceCount)
            return $"device '{device}' requested, but CUDA sees {cuda.DeviceCount} device(s) (CUDA_VISIBLE_DEVICES may hide the others)";
        return cuda.DeviceCheck is "ok" ? null : $"a 64x64 matmul on cuda:0 failed: {cuda.DeviceCheck}";
    }

    private static List<string> VersionNotes(NativeFacts native)
    {
        var notes = new List<string>();
        string builtFor = string.Join('.', native.BuiltForLibtorch.Split('.').Take(2));
        if (native.LibtorchVersion is { } version && !version.StartsWith(builtFor + ".", StringComparison.Ordinal) && version != builtFor)
            notes.Add($"the loaded libtorch is {version}, not the {native.BuiltForLibtorch} TorchSharp {ToolVersion.TorchSharp} was built for: " +
                      "this works only with a LibTorchSharp compiled against that libtorch");
        return notes;
    }

    /// <summary>TorchSharp's own last resort after a failed load, which doctor does not try (it copies ~0.5 GB).</summary>
    private static List<string> NuGetFallbackNotes()
    {
        string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        string cache = string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages") : configured;
        string package = Path.Combine(cache, "libtorch-cpu-linux-x64");
        string[] versions = Directory.Exists(package) ? Directory.GetDirectories(package).Select(Path.GetFileName).OfType<string>().ToArray() : [];
        return versions.Length == 0
            ? [$"TorchSharp's own fallback (copying libtorch-cpu-linux-x64 from the NuGet cache) finds nothing here: {package} does not exist"]
            : [$"other commands may still run on the CPU: TorchSharp then copies libtorch-cpu-linux-x64 {string.Join(", ", versions)} from the " +
               $"NuGet cache ({package}) into {Path.Combine(NativeBackend.AppFolder, "cpu")} and tries that (doctor does not)"];
    }
}
