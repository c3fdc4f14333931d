using System.Runtime.InteropServices;
using LocUnlearn.Common;
using TorchSharp;

namespace LocUnlearn.Machine;

/// <summary>The outcome of loading the native torch backend: null <see cref="Failure"/> when TorchSharp is usable.</summary>
public sealed record BackendLoad(NativeLoadFailure? Failure)
{
    public bool Loaded => Failure is null;
}

/// <summary>
/// Loads libtorch and LibTorchSharp the way TorchSharp 0.107's LoadNativeBackend does first (by name, relative to
/// TorchSharp.dll: its folder, then LD_LIBRARY_PATH, then the system's), but keeps the loader's own error. TorchSharp
/// itself answers a failure with a trace printed to stdout and a TypeInitializationException, and then, before giving
/// up, copies libtorch-cpu from the NuGet cache into a "cpu" folder beside TorchSharp.dll (0.5 GB) and tries that;
/// a diagnosis should neither print that trace nor make that copy, so TorchSharp is touched only once the probe worked.
/// </summary>
public static class NativeBackend
{
    public static BackendLoad Load()
    {
        var torchSharp = typeof(torch).Assembly;
        // Kept loaded when it works (as in TorchSharp): then /proc/self/maps names the libtorch the loader chose.
        NativeLibrary.TryLoad("torch_cpu", torchSharp, null, out _);
        try
        {
            NativeLibrary.Load("LibTorchSharp", torchSharp, null);
        }
        catch (DllNotFoundException e)
        {
            return new BackendLoad(NativeLoadDiagnosis.Diagnose(e.Message, Setting()));
        }
        return new BackendLoad(InitializeTorchSharp());
    }

    public static NativeLoadSetting Setting() => new(
        AppFolder, Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), ToolVersion.TorchBackend, LoadedLibraries.ForThisProcess().Libtorch);

    /// <summary>The folder of TorchSharp.dll, the first place the loader looks.</summary>
    public static string AppFolder => Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>TorchSharp's own initialisation (its static constructor), with its stdout trace silenced.</summary>
    private static NativeLoadFailure? InitializeTorchSharp()
    {
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            torch.get_num_threads();
            return null;
        }
        catch (TypeInitializationException e)
        {
            string first = (e.InnerException ?? e).Message.Split('\n')[0];
            return new NativeLoadFailure(LoadProblem.Other, $"LibTorchSharp loaded, but TorchSharp did not initialise: {first}", null,
                [AppFolder], [first], ["`LD_DEBUG=libs locunlearn doctor` shows each step of the loader's search"]);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }
}
