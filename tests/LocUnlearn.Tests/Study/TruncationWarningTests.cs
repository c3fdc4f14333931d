using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Study;

/// <summary>Answers and pretraining lines longer than data.max_length are cut by one policy and always reported.</summary>
public sealed class TruncationWarningTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private StudyData Load(int maxLength)
    {
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 2)).Write(temp.Path);
        return StudyData.Load(temp.Path, new DataConfig { MaxLength = maxLength, ForgetSplit = "forget10", RetainSplit = "retain90" }, null);
    }

    [Fact]
    public void EveryStudyContextReportsCutAnswersNamingTheFirstItems()
    {
        var output = new StringWriter();
        using var ctx = new StudyContext(new ExperimentConfig(), new RunLayout(temp.Path), Load(maxLength: 16), new PlainProgressSink(output));

        int cut = ctx.Data.Encoder.TruncatedCount;
        Assert.True(cut > 0);
        Assert.Contains($"warning: {cut} of {ctx.Data.Forget.Count + ctx.Data.Retain.Count} forget/retain answers were cut to data.max_length = 16", output.ToString());
        Assert.Contains(".json line ", output.ToString()); // names items as file and line
        Assert.All(ctx.Data.Forget.Concat(ctx.Data.Retain), e => Assert.True(e.Length <= 16));
    }

    [Fact]
    public void NothingIsReportedWhenEverythingFits()
    {
        using var data = Load(maxLength: 512);
        Assert.Null(data.TruncationWarning());
        var warnings = new List<string>();
        data.PretrainCorpus(warnings.Add);
        Assert.Empty(warnings);
    }

    [Fact]
    public void CutPretrainingLinesKeepTheirFirstTokensAndEosAndAreCounted()
    {
        using var data = Load(maxLength: 24);
        // A line three times as long as the world's first one, among the world's own lines.
        string path = Path.Combine(temp.Path, SyntheticWorld.PretrainFile);
        var texts = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        texts.Insert(0, string.Join(" ", Enumerable.Repeat(texts[0], 3)));
        File.WriteAllLines(path, texts.Select(t => System.Text.Json.JsonSerializer.Serialize(new { text = t })));
        var warnings = new List<string>();

        var corpus = data.PretrainCorpus(warnings.Add);

        string warning = Assert.Single(warnings);
        int cut = texts.Count(t => data.Tokenizer.Encode(t).Count + 1 > 24);
        Assert.True(cut >= 1);
        Assert.StartsWith($"warning: {cut} of {texts.Count} lines of {path} were cut to data.max_length = 24 tokens", warning);
        Assert.All(corpus, e =>
        {
            Assert.True(e.Length <= 24);
            Assert.Equal(data.Encoder.EosId, e.InputIds[^1]);
        });
        var tokens = data.Tokenizer.Encode(texts[0]);
        Assert.Equal(tokens.Take(23).Select(i => (long)i).Append(data.Encoder.EosId), corpus[0].InputIds);
    }
}
