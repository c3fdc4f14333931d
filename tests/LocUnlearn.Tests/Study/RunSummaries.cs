using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json.Nodes;

namespace LocUnlearn.Tests.Study;

internal static class RunSummaries
{
    /// <summary>A run directory's results/summary.json without the wall time, which differs between runs by nature.</summary>
    public static string WithoutWallTime(string dir)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results", "summary.json")))!.AsObject();
        summary.Remove("wall_seconds");
        return summary.ToJsonString();
    }
}
