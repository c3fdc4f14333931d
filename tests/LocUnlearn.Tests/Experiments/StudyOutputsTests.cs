using System.Text.RegularExpressions;

namespace LocUnlearn.Tests.Experiments;

/// <summary>What a tiny study writes: report.md's figure links, the summary.json schema, the manifest.</summary>
[Collection(TinyStudyCollection.Name)]
public sealed class StudyOutputsTests(TinyStudyRun tiny)
{
    [Fact]
    public void EveryImageLinkInTheReportResolvesFromResultsToAnExistingFile()
    {
        _ = tiny.Runs;
        string results = Path.Combine(tiny.Dir, "results");
        string report = File.ReadAllText(Path.Combine(results, "report.md"));
        var links = Regex.Matches(report, @"!\[[^\]]*\]\(<?([^)>]+)>?\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link =>
        {
            Assert.False(Path.IsPathRooted(link), link);
            Assert.True(File.Exists(Path.GetFullPath(link, results)), $"{link} does not resolve from {results}");
            Assert.Equal(results, Path.GetDirectoryName(Path.GetFullPath(link, results)));
        });
    }
}
