using System.Diagnostics;
using System.Text.Json.Nodes;
using LocUnlearn.Common.Progress;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Tests.Study;

namespace LocUnlearn.Tests.Machine;

/// <summary>
/// The route for a libtorch that NuGet does not serve (README, GPU): the CLI published self-contained with
/// -p:TorchBackend=external holds no native torch library, takes LibTorchSharp and libtorch from LD_LIBRARY_PATH, and
/// then gives the same results as the normal build. Here LD_LIBRARY_PATH points at this test build's own native
/// libraries (the patched libLibTorchSharp.so and libtorch-cpu 2.10), and the NuGet cache is hidden so that
/// TorchSharp's fallback cannot stand in for them. Minutes: a Release publish, then the tiny preset twice.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ExternalBackendEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private static readonly string[] TorchLibraryPrefixes = ["libLibTorchSharp", "libtorch", "libc10", "libgomp", "libshm"];

    [EndToEndFact]
    public void ThePublishedExternalBuildRunsTheTinyPresetBitIdenticallyOnTheNormalBuildsLibraries()
    {
        var clock = Stopwatch.StartNew();
        string app = Publish();
        output.WriteLine($"publish: {clock.Elapsed.TotalSeconds:F0} s, {FolderBytes(app) / 1e6:F0} MB in {app}");
        Assert.DoesNotContain(Directory.GetFiles(app), f => TorchLibraryPrefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal)));

        string native = NativeFolder();
        string exe = Path.Combine(app, "LocUnlearn.Cli");
        var env = ChildProcess.IsolatedFromTorch(temp.Path, native);
        ChildOutcome Cli(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
            ChildProcess.Run(exe, args, environment, TimeSpan.FromMinutes(10));

        var missing = Cli(ChildProcess.IsolatedFromTorch(temp.Path, ""), "doctor");
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("libLibTorchSharp.so was not found", missing.Error);
        Assert.Contains("this is an external-backend build", missing.Error);

        var doctor = Cli(env, "doctor", "--json");
        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        var report = JsonNode.Parse(doctor.Out)!;
        Assert.Equal("external", report["tool"]!["torch_backend"]!.GetValue<string>());
        string loaded = report["native_backend"]!["libtorchsharp"]!.AsArray().Single()!.GetValue<string>();
        Assert.Equal(RealPath(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so")), RealPath(loaded));

        clock.Restart();
        string external = Path.Combine(temp.Path, "external");
        var run = Cli(env, "run", "--preset", "tiny", "--out", external);
        Assert.True(run.ExitCode == 0, run.ToString());
        output.WriteLine($"tiny run, external build: {clock.Elapsed.TotalSeconds:F1} s");

        string reference = Path.Combine(temp.Path, "reference");
        new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = reference });
        Assert.Equal(RunSummaries.WithoutWallTime(reference), RunSummaries.WithoutWallTime(external));
        foreach (string file in new[] { "table2.csv", "trajectories.jsonl" })
            Assert.True(File.ReadAllBytes(Path.Combine(reference, "results", file)).SequenceEqual(File.ReadAllBytes(Path.Combine(external, "results", file))),
                $"results/{file} differs between the normal and the external build");
    }

    /// <summary>`dotnet publish` of the CLI, self-contained, external backend, Release, into a fresh folder.</summary>
    private string Publish()
    {
        string root = Repository.Root;
        string app = Path.Combine(temp.Path, "publish");
        string[] args = ["publish", Path.Combine(root, "src", "LocUnlearn.Cli"), "-c", "Release", "-p:TorchBackend=external", "--self-contained", "-o", app];
        // The test host's own MSBuild variables would steer the nested build; it needs none of them.
        var env = new Dictionary<string, string?> { ["MSBuildSDKsPath"] = null, ["MSBUILD_EXE_PATH"] = null, ["MSBuildExtensionsPath"] = null, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var publish = ChildProcess.Run(WorkerCommand.FromCliFolder(AppContext.BaseDirectory).FileName, args, env, TimeSpan.FromMinutes(20));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        return app;
    }

    /// <summary>Links to this build's native torch libraries, alone in one folder.</summary>
    private string NativeFolder()
    {
        string folder = Path.Combine(temp.Path, "native");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory)
                     .Where(f => TorchLibraryPrefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal))))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
        Assert.True(File.Exists(Path.Combine(folder, "libLibTorchSharp.so")) && File.Exists(Path.Combine(folder, "libtorch_cpu.so")));
        return folder;
    }

    private static string RealPath(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    private static long FolderBytes(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
