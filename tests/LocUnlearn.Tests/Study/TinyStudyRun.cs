using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json.Nodes;
using LocUnlearn.Study;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Study;

/// <summary>
/// One tiny study run twice with the same command (the second finds everything done), shared by the tests that only
/// read what the run wrote, so the suite pays for it once. Started on first use.
/// </summary>
public sealed class TinyStudyRun : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly Lazy<Snapshot> snapshot;

    public TinyStudyRun() => snapshot = new Lazy<Snapshot>(RunTwice);

    public void Dispose() => temp.Dispose();

    /// <summary>The run directory (after both runs).</summary>
    public string Dir => Path.Combine(temp.Path, "run");

    public Snapshot Runs => snapshot.Value;

    /// <summary>What the first run left, and the second run's outcome.</summary>
    public sealed record Snapshot(StudyOutcome First, Dictionary<string, DateTime> RecordTimes, string Summary, JsonObject Manifest,
        StudyOutcome Second);

    public static StudyOutcome Run(string dir, int? seeds = null, bool force = false) =>
        new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = dir, Seeds = seeds, Force = force });

    public static Dictionary<string, DateTime> RecordTimes(string dir) =>
        Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "record.json" or "result.json")
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.GetLastWriteTimeUtc);

    public static JsonObject ReadJson(string dir, string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir, file)))!.AsObject();

    private Snapshot RunTwice()
    {
        var first = Run(Dir);
        var times = RecordTimes(Dir);
        string summary = RunSummaries.WithoutWallTime(Dir);
        var manifest = ReadJson(Dir, "manifest.json");
        return new Snapshot(first, times, summary, manifest, Run(Dir));
    }
}

[CollectionDefinition(Name)]
public sealed class TinyStudyCollection : ICollectionFixture<TinyStudyRun>
{
    public const string Name = "tiny study run";
}
