using System.Text.RegularExpressions;

namespace LocUnlearn.Machine;

/// <summary>
/// Which libtorch version a loaded libtorch file belongs to, where the files say so: a pip PyTorch's torch/version.py
/// (lib/ is beside it), a libtorch archive's build-version file, a distribution's versioned file name
/// (libtorch_cpu.so.1.13), or this build's own package. Null when nothing says. TorchSharp checks no version itself,
/// and LibTorchSharp works only with the libtorch it was compiled against.
/// </summary>
public static partial class LibtorchVersion
{
    /// <param name="libtorchFile">a loaded libtorch*.so path</param>
    /// <param name="appFolder">the tool's folder: a libtorch there came with the build's package</param>
    /// <param name="packageVersion">the libtorch version TorchSharp was built for (torch.__version__)</param>
    /// <param name="read">a file's text, or null when it does not exist</param>
    public static string? Of(string libtorchFile, string appFolder, string packageVersion, Func<string, string?> read)
    {
        string folder = Path.GetDirectoryName(libtorchFile) ?? "";
        string parent = Path.GetDirectoryName(folder) ?? "";
        if (read(Path.Combine(parent, "version.py")) is { } versionPy && PythonVersion().Match(versionPy) is { Success: true } m)
            return $"{m.Groups[1].Value} ({Path.Combine(parent, "version.py")})";
        if (read(Path.Combine(parent, "build-version"))?.Trim() is { Length: > 0 } buildVersion)
            return $"{buildVersion} ({Path.Combine(parent, "build-version")})";
        if (SonameVersion().Match(Path.GetFileName(libtorchFile)) is { Success: true } soname)
            return $"{soname.Groups[1].Value} (file name)";
        if (Path.GetFullPath(folder).TrimEnd('/') == Path.GetFullPath(appFolder).TrimEnd('/'))
            return $"{packageVersion} (the libtorch package of this build)";
        return null;
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"\.so\.(\d+(?:\.\d+)*)$")]
    private static partial Regex SonameVersion();
}
