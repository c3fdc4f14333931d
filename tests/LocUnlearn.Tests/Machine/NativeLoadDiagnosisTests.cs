using LocUnlearn.Machine;

namespace LocUnlearn.Tests.Machine;

/// <summary>
/// The loader messages below are .NET 10's DllNotFoundException texts for LibTorchSharp, captured on Debian 12 with
/// the external-backend build and LD_LIBRARY_PATH pointing at folders that lacked one piece each.
/// </summary>
public class NativeLoadDiagnosisTests
{
    private const string App = "/opt/locunlearn";
    private const string Runtime = "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12";
    private const string Head = "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading " +
                                "problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n";

    private static string Absent(string folder, string name) => $"{folder}/{name}: cannot open shared object file: No such file or directory\n";

    private static string Message(params string[] extra) =>
        Head + Absent(Runtime, "LibTorchSharp.so") + Absent(App, "LibTorchSharp.so") + Absent(Runtime, "libLibTorchSharp.so")
        + Absent(App, "libLibTorchSharp.so") + string.Concat(extra) + Absent(Runtime, "LibTorchSharp") + Absent(App, "LibTorchSharp");

    private static NativeLoadSetting Setting(string backend = "external", string? ld = "/opt/ts", params string[] libtorch) =>
        new(App, ld, backend, libtorch);

    [Fact]
    public void NoLibTorchSharpAnywhereOnAnExternalBuildSaysToProvideBothLibraries()
    {
        var failure = NativeLoadDiagnosis.Diagnose(Message(), Setting(ld: null));

        Assert.Equal(LoadProblem.LibTorchSharpNotFound, failure.Problem);
        Assert.Equal("libLibTorchSharp.so", failure.Missing);
        Assert.Empty(failure.LoaderLines);
        Assert.Equal([App, Runtime, "LD_LIBRARY_PATH (unset or empty)", "the system's library folders (ld.so.cache, /lib, /usr/lib)"], failure.Searched);
        Assert.Contains(failure.Fixes, f => f.Contains("external-backend build", StringComparison.Ordinal) && f.Contains("LD_LIBRARY_PATH", StringComparison.Ordinal));
        Assert.Contains(failure.Fixes, f => f.Contains("import torch", StringComparison.Ordinal));
    }

    [Fact]
    public void NoLibTorchSharpInACpuBuildSaysItsOutputIsIncomplete()
    {
        var failure = NativeLoadDiagnosis.Diagnose(Message(), Setting(backend: "cpu"));

        Assert.Equal(LoadProblem.LibTorchSharpNotFound, failure.Problem);
        Assert.Contains(failure.Fixes, f => f.Contains("cpu build's output lacks libLibTorchSharp.so", StringComparison.Ordinal));
        Assert.Contains("LD_LIBRARY_PATH=/opt/ts", failure.Searched);
    }

    [Fact]
    public void AMissingDependencyIsNamedWithTheFolderToAdd()
    {
        var failure = NativeLoadDiagnosis.Diagnose(Message("libtorch_cpu.so: cannot open shared object file: No such file or directory\n"), Setting());

        Assert.Equal(LoadProblem.DependencyMissing, failure.Problem);
        Assert.Equal("libtorch_cpu.so", failure.Missing);
        Assert.Contains("libtorch_cpu.so, which it needs", failure.Summary);
        Assert.Contains(failure.Fixes, f => f.Contains("libtorch's lib folder", StringComparison.Ordinal));

        var gomp = NativeLoadDiagnosis.Diagnose(Message("libgomp-98b21ff3.so.1: cannot open shared object file: No such file or directory\n"), Setting());
        Assert.Equal("libgomp-98b21ff3.so.1", gomp.Missing);
        Assert.Contains(gomp.Fixes, f => f.Contains("folder holding libgomp-98b21ff3.so.1", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUndefinedSymbolNamesTheLibtorchTheLoaderFound()
    {
        var failure = NativeLoadDiagnosis.Diagnose(Message("/opt/ts/libLibTorchSharp.so: undefined symbol: _ZNK3c105Error4whatEv\n"),
            Setting(libtorch: "/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0"));

        Assert.Equal(LoadProblem.SymbolMismatch, failure.Problem);
        Assert.Equal("_ZNK3c105Error4whatEv", failure.Missing);
        Assert.Contains("/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0", failure.Summary);
        Assert.Equal(["/opt/ts/libLibTorchSharp.so: undefined symbol: _ZNK3c105Error4whatEv"], failure.LoaderLines);
        Assert.Contains("/opt/ts", failure.Searched);
    }

    [Fact]
    public void AnOldLibStdCxxPointsToTheTroubleshootingNote()
    {
        var failure = NativeLoadDiagnosis.Diagnose(Message(
            "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /opt/ts/libLibTorchSharp.so)\n"), Setting());

        Assert.Equal(LoadProblem.LibStdCxxTooOld, failure.Problem);
        Assert.Equal("GLIBCXX_3.4.32", failure.Missing);
        Assert.Contains(failure.Fixes, f => f.Contains("Troubleshooting", StringComparison.Ordinal));
        Assert.DoesNotContain("/lib/x86_64-linux-gnu", failure.Searched); // the folder of libstdc++ is not a place LibTorchSharp was looked for
    }
}
