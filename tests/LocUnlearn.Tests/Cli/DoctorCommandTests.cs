using System.Text.Json.Nodes;
using LocUnlearn.Cli.Commands;
using LocUnlearn.Jobs;
using LocUnlearn.Machine;
using LocUnlearn.Tests.Machine;

namespace LocUnlearn.Tests.Cli;

/// <summary>`locunlearn doctor` on this (CPU) build, and in a copy of it whose native libraries are gone.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private static string OwnLibTorchSharp => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));

    [Fact]
    public void ReportsTheBuildsOwnLibrariesAndExitsZero()
    {
        var outcome = CliHarness.Run("doctor");

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains($"LibTorchSharp  {OwnLibTorchSharp}", outcome.Out);
        Assert.Contains("built with TorchBackend=cpu", outcome.Out);
        Assert.Contains("CPU check      ok", outcome.Out);
        Assert.Contains("GPU names and memory: not available in TorchSharp 0.107", outcome.Out);
        Assert.EndsWith("doctor: ok", outcome.Out.TrimEnd());
        Assert.Equal("", outcome.Error);
    }

    [Fact]
    public void JsonHoldsVersionsLibrariesCudaThreadsMemoryAndDisk()
    {
        var outcome = CliHarness.Run("doctor", "--json");

        Assert.Equal(0, outcome.ExitCode);
        var doc = JsonNode.Parse(outcome.Out)!;
        Assert.True(doc["ok"]!.GetValue<bool>());
        Assert.Equal(LocUnlearn.Common.ToolVersion.GitCommit(), doc["tool"]!["git_commit"]!.GetValue<string>());
        Assert.Equal("cpu", doc["tool"]!["torch_backend"]!.GetValue<string>());
        Assert.Equal("0.107.0.0", doc["tool"]!["torchsharp"]!.GetValue<string>());
        var native = doc["native_backend"]!;
        Assert.True(native["loaded"]!.GetValue<bool>());
        Assert.Equal([OwnLibTorchSharp], native["libtorchsharp"]!.AsArray().Select(p => Path.GetFullPath(p!.GetValue<string>())));
        Assert.Contains(native["libtorch"]!.AsArray(), p => Path.GetFileName(p!.GetValue<string>()) == "libtorch_cpu.so");
        Assert.StartsWith("2.10.0", native["libtorch_version"]!.GetValue<string>());
        Assert.Equal("ok", native["cpu_check"]!.GetValue<string>());
        Assert.False(doc["cuda"]!["available"]!.GetValue<bool>()); // a CPU build's libtorch has no CUDA
        Assert.Equal(0, doc["cuda"]!["device_count"]!.GetValue<int>());
        Assert.Equal(DoctorText.NoDeviceQuery, doc["cuda"]!["torchsharp_device_names_and_memory"]!.GetValue<string>());
        Assert.Equal(Environment.ProcessorCount, doc["threads"]!["cpu_cores"]!.GetValue<int>());
        Assert.Equal(TorchSharp.torch.get_num_threads(), doc["threads"]!["torch_intra_op"]!.GetValue<int>());
        Assert.True(doc["memory"]!["available_bytes"]!.GetValue<long>() > 0);
        Assert.True(doc["disk"]!["free_bytes"]!.GetValue<long>() > 0);
        Assert.Equal(Directory.GetCurrentDirectory(), doc["disk"]!["folder"]!.GetValue<string>());
    }

    [Fact]
    public void ARequiredCudaDeviceOnTheCpuBuildFailsNamingTheBuildSwitch()
    {
        var outcome = CliHarness.Run("doctor", "--device", "cuda");

        Assert.Equal(DoctorCommand.Failed, outcome.ExitCode);
        Assert.Contains("error: device 'cuda' requested", outcome.Error);
        Assert.Contains("-p:TorchBackend=external", outcome.Error);
    }

    [Fact]
    public void WithoutItsNativeLibrariesTheToolSaysWhatIsMissingAndHowToFixItWithoutAStackTrace()
    {
        string app = Path.Combine(temp.Path, "app");
        Directory.CreateDirectory(app);
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory).Where(f => !Path.GetFileName(f).Contains(".so", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        var worker = WorkerCommand.FromCliFolder(app);
        var env = ChildProcess.IsolatedFromTorch(temp.Path, ldLibraryPath: "");
        ChildOutcome Cli(params string[] args) => ChildProcess.Run(worker.FileName, [.. worker.PrefixArguments, .. args], env, TimeSpan.FromMinutes(2));

        var doctor = Cli("doctor");
        Assert.True(doctor.ExitCode == DoctorCommand.Failed, doctor.ToString());
        Assert.Contains("error: libLibTorchSharp.so was not found", doctor.Error);
        Assert.Contains($"looked in: {app}; ", doctor.Error);
        Assert.Contains("fix: this cpu build's output lacks libLibTorchSharp.so", doctor.Error);
        Assert.Contains("native backend NOT LOADED", doctor.Out);
        Assert.Contains("memory ", doctor.Out); // what needs no torch is still reported
        AssertNoTraceOrStack(doctor);

        var json = JsonNode.Parse(Cli("doctor", "--json").Out)!;
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Equal(nameof(LoadProblem.LibTorchSharpNotFound), json["native_backend"]!["problem"]!.GetValue<string>());

        var run = Cli("run", "--preset", "tiny", "--out", Path.Combine(temp.Path, "run"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("`locunlearn doctor` names the missing file", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    private static void AssertNoTraceOrStack(ChildOutcome outcome)
    {
        Assert.DoesNotContain("   at ", outcome.Out + outcome.Error);
        Assert.DoesNotContain("Trace from LoadNativeBackend", outcome.Out + outcome.Error);
        Assert.DoesNotContain("Unhandled exception", outcome.Out + outcome.Error);
    }
}
