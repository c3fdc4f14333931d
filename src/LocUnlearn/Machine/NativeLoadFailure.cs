using System.Text.RegularExpressions;

namespace LocUnlearn.Machine;

/// <summary>Why the loader refused LibTorchSharp, from the lines of its error.</summary>
public enum LoadProblem
{
    /// <summary>No libLibTorchSharp.so in any folder searched.</summary>
    LibTorchSharpNotFound,
    /// <summary>LibTorchSharp was found; a library it needs (libtorch, libc10, libgomp, CUDA's) was not.</summary>
    DependencyMissing,
    /// <summary>The system's libstdc++ is older than the one LibTorchSharp was built with.</summary>
    LibStdCxxTooOld,
    /// <summary>LibTorchSharp and the libtorch the loader found are different versions.</summary>
    SymbolMismatch,
    Other,
}

/// <summary>What the loader said, where it looked, and the fixes, for someone who has never seen TorchSharp's trace.</summary>
/// <param name="Missing">the file that could not be found or loaded (a dependency, a symbol, a GLIBCXX version)</param>
/// <param name="Searched">the folders the loader searched, in its order</param>
/// <param name="LoaderLines">the loader's informative lines (every "not in this folder" line left out)</param>
public sealed record NativeLoadFailure(
    LoadProblem Problem, string Summary, string? Missing, IReadOnlyList<string> Searched,
    IReadOnlyList<string> LoaderLines, IReadOnlyList<string> Fixes);

/// <summary>Where the probe ran: the inputs of <see cref="NativeLoadDiagnosis.Diagnose"/> besides the loader's message.</summary>
/// <param name="AppFolder">the folder of TorchSharp.dll, which the loader searches first</param>
/// <param name="LdLibraryPath">LD_LIBRARY_PATH (null: unset)</param>
/// <param name="Backend">the build's TorchBackend (cpu, cuda, external)</param>
/// <param name="LoadedLibtorch">libtorch files mapped after the attempt (the loader keeps those it could load)</param>
public sealed record NativeLoadSetting(string AppFolder, string? LdLibraryPath, string Backend, IReadOnlyList<string> LoadedLibtorch);

/// <summary>Turns .NET's DllNotFoundException text for LibTorchSharp (one "path: dlerror" line per attempt) into a diagnosis.</summary>
public static partial class NativeLoadDiagnosis
{
    public const string TorchLibFolderHint =
        "python3 -c \"import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\"";

    public static NativeLoadFailure Diagnose(string loaderMessage, NativeLoadSetting setting)
    {
        var lines = loaderMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(": ", StringComparison.Ordinal) && !l.StartsWith("Unable to load", StringComparison.Ordinal)).ToList();
        var informative = lines.Where(l => !IsAbsentCandidate(l)).ToList();
        var searched = Searched(lines, setting);
        if (informative.Count == 0)
            return new NativeLoadFailure(LoadProblem.LibTorchSharpNotFound, $"libLibTorchSharp.so was not found",
                "libLibTorchSharp.so", searched, informative, NotFoundFixes(setting));
        if (informative.Select(l => GlibcxxVersion().Match(l)).FirstOrDefault(m => m.Success) is { } glibcxx)
            return new NativeLoadFailure(LoadProblem.LibStdCxxTooOld,
                $"the system's libstdc++ lacks {glibcxx.Groups[1].Value}, which LibTorchSharp was built against", glibcxx.Groups[1].Value,
                searched, informative, LibStdCxxFixes());
        if (informative.Select(l => UndefinedSymbol().Match(l)).FirstOrDefault(m => m.Success) is { } symbol)
            return new NativeLoadFailure(LoadProblem.SymbolMismatch,
                $"LibTorchSharp was built against another libtorch than the one the loader found ({Found(setting)}): undefined symbol " +
                symbol.Groups[1].Value, symbol.Groups[1].Value, searched, informative, MismatchFixes(setting));
        if (informative.Select(l => MissingDependency().Match(l)).FirstOrDefault(m => m.Success) is { } dependency)
        {
            string name = dependency.Groups[1].Value;
            return new NativeLoadFailure(LoadProblem.DependencyMissing,
                $"LibTorchSharp was found, but {name}, which it needs, was not", name, searched, informative, DependencyFixes(name));
        }
        return new NativeLoadFailure(LoadProblem.Other, $"LibTorchSharp did not load: {informative[0]}", null, searched, informative,
            ["read the loader's lines above; `LD_DEBUG=libs locunlearn doctor` shows each step of the search"]);
    }

    /// <summary>"/dir/libLibTorchSharp.so: cannot open shared object file": that candidate is simply not in /dir.</summary>
    private static bool IsAbsentCandidate(string line)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        return IsCandidate(line[..colon]) && line[(colon + 2)..].StartsWith("cannot open shared object file", StringComparison.Ordinal);
    }

    /// <summary>A file name the loader tries for "LibTorchSharp" (LibTorchSharp.so, libLibTorchSharp.so, ...).</summary>
    private static bool IsCandidate(string path) => System.IO.Path.GetFileName(path).Contains("LibTorchSharp", StringComparison.Ordinal);

    /// <summary>The folders of the attempts the message names, then LD_LIBRARY_PATH's, then the system's (ld.so.cache).</summary>
    private static List<string> Searched(IEnumerable<string> lines, NativeLoadSetting setting)
    {
        var folders = lines.Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)])
            .Where(p => p.StartsWith('/') && IsCandidate(p)).Select(p => System.IO.Path.GetDirectoryName(p)!)
            .Prepend(setting.AppFolder.TrimEnd('/'))
            .ToList();
        string ld = string.IsNullOrEmpty(setting.LdLibraryPath) ? "LD_LIBRARY_PATH (unset or empty)" : $"LD_LIBRARY_PATH={setting.LdLibraryPath}";
        return [.. folders.Distinct(StringComparer.Ordinal), ld, "the system's library folders (ld.so.cache, /lib, /usr/lib)"];
    }

    private static string Found(NativeLoadSetting setting) =>
        setting.LoadedLibtorch.Count == 0 ? "a libtorch from the system's library folders" : string.Join(", ", setting.LoadedLibtorch);

    private static List<string> NotFoundFixes(NativeLoadSetting setting) => setting.Backend == "external"
        ? [
            "this is an external-backend build (-p:TorchBackend=external): it ships no native torch library. Put a libLibTorchSharp.so " +
            "built for your libtorch, and that libtorch's lib folder, on LD_LIBRARY_PATH (or copy both beside the executable)",
            $"a pip PyTorch's lib folder: {TorchLibFolderHint}",
            "or use the normal build (-p:TorchBackend=cpu, the default), which brings libtorch 2.10 for the CPU",
        ]
        : [
            $"this {setting.Backend} build's output lacks libLibTorchSharp.so: rebuild (dotnet build), or copy the whole output folder " +
            "(the native libraries included) when moving the tool",
            "or build with -p:TorchBackend=external and put LibTorchSharp and libtorch on LD_LIBRARY_PATH (README, GPU)",
        ];

    private static List<string> DependencyFixes(string name) =>
        name.StartsWith("libtorch", StringComparison.Ordinal) || name.StartsWith("libc10", StringComparison.Ordinal)
            ? [$"add libtorch's lib folder (the one holding {name}) to LD_LIBRARY_PATH; for a pip PyTorch: {TorchLibFolderHint}"]
            : [$"add the folder holding {name} to LD_LIBRARY_PATH; it comes with the libtorch LibTorchSharp was built against " +
               "(a pip PyTorch keeps CUDA's libraries in site-packages/nvidia/*/lib)"];

    private static List<string> MismatchFixes(NativeLoadSetting setting) =>
    [
        "put the lib folder of the libtorch that LibTorchSharp was built against first on LD_LIBRARY_PATH" +
        (setting.Backend == "external" ? "" : $" (this {setting.Backend} build's own libtorch 2.10 is in {setting.AppFolder})"),
        "or build LibTorchSharp against the libtorch you want to use (libtorch promises no ABI across minor versions)",
    ];

    private static List<string> LibStdCxxFixes() =>
    [
        "README, Troubleshooting: the build marks TorchSharp 0.107's one GLIBCXX_3.4.32 requirement weak in the copy of " +
        "libLibTorchSharp.so in its output folder; use that patched copy, not the one from the NuGet package",
        "or put a newer libstdc++.so.6 (GCC 13 or later, e.g. a conda environment's) on LD_LIBRARY_PATH",
    ];

    [GeneratedRegex(@"version `(GLIBCXX_[0-9.]+)' not found")]
    private static partial Regex GlibcxxVersion();

    [GeneratedRegex(@"undefined symbol: (\S+)")]
    private static partial Regex UndefinedSymbol();

    [GeneratedRegex(@"^(?:\S+: )?([^/\s:]+\.so[.0-9]*): cannot open shared object file")]
    private static partial Regex MissingDependency();
}
