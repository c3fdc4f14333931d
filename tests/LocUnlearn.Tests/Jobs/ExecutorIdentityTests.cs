using System.Diagnostics;
using System.Text.Json.Nodes;
using LocUnlearn.Common;
using LocUnlearn.Common.Progress;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Tests.Study;

namespace LocUnlearn.Tests.Jobs;

/// <summary>
/// The same study gives the same files whoever runs it: one process or worker processes (the plan fixes the thread
/// count), and a second `run` into a directory in use is refused without touching it.
/// </summary>
[Collection(InProcessRunCollection.Name)]
public sealed class ExecutorIdentityTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>threads 0 = one per core: the inline run and each worker must then use the plan's count, not their own.</summary>
    private const string AllCores = """{"seeds": 1, "threads": 0, "unlearn": {"objectives": ["wga", "rmu"]}, "localization": {"methods": ["random"]}, "reconstruction": {"random_regions": 1}}""";

    [Fact]
    public void InlineAndTwoLocalWorkersWriteByteIdenticalResults()
    {
        string inline = Path.Combine(temp.Path, "inline"), workers = Path.Combine(temp.Path, "workers");
        new StudyRunner(NullProgressSink.Instance).Run(JobPlans.Options(temp.Path, inline, AllCores));
        var plan = JobPlans.Make(JobPlans.Options(temp.Path, workers, AllCores));
        var result = new LocalExecutor(NullProgressSink.Instance, JobPlans.Worker).Run(plan, JobPlans.PlanFile(plan), workers: 2);
        Assert.True(result.Ok, string.Join("; ", result.Failed.Select(f => $"{f.Id}: {File.ReadAllText(f.Log)}")));

        var files = ResultFiles(inline);
        Assert.Contains(files, f => f.Contains("rmu-oracle") && f.EndsWith("trajectory.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("reconstruct") && f.EndsWith("result.json", StringComparison.Ordinal));
        Assert.Equal(files, ResultFiles(workers));
        var differing = files.Select(f => FirstDifference(Content(inline, f), Content(workers, f)) is { } d ? $"{f} ({d})" : null).OfType<string>().ToList();
        Assert.True(differing.Count == 0, $"differs between the inline run and the workers: {string.Join("; ", differing)}");
    }

    [Fact]
    public void ASecondRunIntoADirectoryInUseIsRefusedAndTheFirstCompletesAsIfAlone()
    {
        string dir = Path.Combine(temp.Path, "run");
        using var first = Start(dir);
        var holding = Stopwatch.StartNew();
        while (!FileLock.IsHeld(Path.Combine(dir, RunLock.FileName)) && holding.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(20);
        using var second = Start(dir);
        second.WaitForExit();
        string refused = second.StandardError.ReadToEnd();
        first.WaitForExit();

        Assert.Equal(RunDirectoryBusyException.ExitCode, second.ExitCode);
        Assert.Contains("this run directory is in use", refused);
        Assert.Contains($"pid={first.Id}", refused);
        Assert.Equal(0, first.ExitCode);
        string reference = Path.Combine(temp.Path, "alone");
        new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = reference });
        Assert.Equal(RunSummaries.WithoutWallTime(reference), RunSummaries.WithoutWallTime(dir));
    }

    private static Process Start(string dir)
    {
        var info = JobPlans.Worker.StartInfo([.. JobPlans.Worker.PrefixArguments, "run", "--preset", "tiny", "--out", dir]);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { }; // drained, so a full pipe never blocks the run
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Every file a study's results consist of: runs' records and trajectories, stage records, tables, summary.</summary>
    private static List<string> ResultFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f.EndsWith("result.json", StringComparison.Ordinal) || f.EndsWith("trajectory.jsonl", StringComparison.Ordinal)
                        || f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith("summary.json", StringComparison.Ordinal)
                        || f.EndsWith("evaluation.json", StringComparison.Ordinal) || f.EndsWith("scores.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Where two texts first differ, with a little context on each side; null when equal.</summary>
    private static string? FirstDifference(string a, string b)
    {
        if (a == b) return null;
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        string Around(string s) => s.Substring(Math.Max(0, i - 60), Math.Min(s.Length, i + 60) - Math.Max(0, i - 60));
        return $"at {i}: inline '…{Around(a)}…' workers '…{Around(b)}…'";
    }

    /// <summary>The file as compared: wall times, which differ between any two runs, removed.</summary>
    private static string Content(string root, string file)
    {
        string text = File.ReadAllText(Path.Combine(root, file));
        if (!file.EndsWith(".json", StringComparison.Ordinal))
            return text;
        var node = JsonNode.Parse(text)!.AsObject();
        node.Remove("wall_seconds");
        return node.ToJsonString();
    }
}

/// <summary>
/// Tests that compare a run made inside the test process with runs made by other processes run alone: libtorch's state
/// (its thread count above all: the inline run sets the plan's, other tests' runs set theirs) is process-wide, so tests
/// running beside them could change it under the inline run. CI saw summary.json differ here once, with other tests
/// running; the cause was not found (alone, under load, and in a full suite here it never differed, nor does tiny's
/// summary between 1 and 2 threads), so the test now also names every differing file and where it differs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessRunCollection
{
    public const string Name = "in-process run compared with other processes";
}
