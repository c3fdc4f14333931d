namespace LocUnlearn.Machine;

/// <summary>
/// The native libraries of the torch stack that this process has mapped, by role, read from /proc/self/maps: the files
/// the loader actually chose, which is what matters when LD_LIBRARY_PATH, the application folder and the system's
/// library cache could each offer a libtorch.
/// </summary>
public sealed record LoadedLibraries(
    IReadOnlyList<string> LibTorchSharp,
    IReadOnlyList<string> Libtorch,
    IReadOnlyList<string> Cuda,
    IReadOnlyList<string> OpenMp,
    IReadOnlyList<string> LibStdCxx)
{
    public static LoadedLibraries ForThisProcess() =>
        Parse(File.Exists("/proc/self/maps") ? File.ReadAllText("/proc/self/maps") : "");

    /// <summary>The distinct mapped files of a /proc/PID/maps text, sorted into roles (others are left out).</summary>
    public static LoadedLibraries Parse(string maps)
    {
        var paths = MappedFiles(maps).ToList();
        List<string> Of(Func<string, bool> role) => paths.Where(p => role(System.IO.Path.GetFileName(p))).ToList();
        return new LoadedLibraries(
            Of(n => n.StartsWith("libLibTorchSharp", StringComparison.Ordinal)),
            Of(n => n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("libc10", StringComparison.Ordinal)),
            Of(IsCuda),
            Of(n => n.StartsWith("libgomp", StringComparison.Ordinal) || n.StartsWith("libiomp", StringComparison.Ordinal)),
            Of(n => n.StartsWith("libstdc++", StringComparison.Ordinal)));
    }

    /// <summary>The CUDA driver, runtime and math libraries (cudart, cuBLAS, cuDNN, NCCL, NVRTC, ...).</summary>
    private static bool IsCuda(string name) =>
        name.StartsWith("libcu", StringComparison.Ordinal) || name.StartsWith("libnccl", StringComparison.Ordinal)
        || name.StartsWith("libnvrtc", StringComparison.Ordinal) || name.StartsWith("libnvJitLink", StringComparison.Ordinal);

    /// <summary>Each line is "address perms offset dev inode [path]"; a path may contain spaces.</summary>
    private static IEnumerable<string> MappedFiles(string maps) =>
        maps.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split((char[]?)null, 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => fields[5].Trim())
            .Select(path => path.EndsWith(" (deleted)", StringComparison.Ordinal) ? path[..^" (deleted)".Length] : path)
            .Distinct(StringComparer.Ordinal);
}
