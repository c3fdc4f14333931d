using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Study;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Data;

public class SyntheticWorldTests
{
    [Fact]
    public void TofuPresetHasTofusFilesFieldsAndCounts()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tofu", seed: 1)).Write(folder.Path);
        var reader = new TofuReader(folder.Path);

        var plain = new Dictionary<string, int>
        {
            ["full"] = 4000, ["forget01"] = 40, ["forget05"] = 200, ["forget10"] = 400,
            ["retain99"] = 3960, ["retain95"] = 3800, ["retain90"] = 3600,
        };
        foreach ((string split, int rows) in plain)
            Assert.Equal(rows, reader.LoadQa(split).Count);
        var perturbed = new Dictionary<string, int>
        {
            ["forget01_perturbed"] = 40, ["forget05_perturbed"] = 200, ["forget10_perturbed"] = 400,
            ["retain_perturbed"] = 400, ["real_authors_perturbed"] = 100, ["world_facts_perturbed"] = 117,
        };
        foreach ((string split, int rows) in perturbed)
            Assert.Equal(rows, reader.LoadPerturbed(split).Count);
        Assert.Equal(100, reader.LoadMultipleChoice("real_authors").Count);
        Assert.Equal(117, reader.LoadMultipleChoice("world_facts").Count);
        Assert.Equal(100, reader.LoadRefusals().Count);
        Assert.Empty(reader.LoadQa("full").Warnings);
    }

    [SharedFileFact("tofu")]
    public void FilesHaveTheSameNamesAndFieldsAsRealTofu()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny")).Write(folder.Path);
        string real = SharedFiles.Require("tofu");

        string[] tofuFiles = Directory.GetFiles(real).Select(f => Path.GetFileName(f))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f == TofuSplits.RefusalsFile).ToArray();
        Assert.Equal(16, tofuFiles.Length);
        foreach (string file in tofuFiles)
        {
            string synthetic = Path.Combine(folder.Path, file);
            Assert.True(File.Exists(synthetic), $"synthetic world lacks {file}");
            if (file.EndsWith(".json", StringComparison.Ordinal))
                Assert.Equal(FieldsOfFirstRow(Path.Combine(real, file)), FieldsOfFirstRow(synthetic));
        }
    }

    [Fact]
    public void ForgetAndRetainAreDisjointAndForgetIsTheLastAuthors()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick")).Write(folder.Path);
        var reader = new TofuReader(folder.Path);
        IReadOnlyList<QaItem> full = reader.LoadQa("full").Items;

        foreach (int percent in TofuSplits.ForgetPercents)
        {
            (TofuSplit<QaItem> forget, TofuSplit<QaItem> retain) = reader.LoadForgetRetain(TofuSplits.Forget(percent), TofuSplits.Retain(percent));
            Assert.Equal(full.Count, forget.Count + retain.Count);
            Assert.Equal(full.TakeLast(forget.Count).Select(i => i.Question), forget.Items.Select(i => i.Question));
            Assert.Equal(0, forget.Count % 10);
        }
        Assert.Equal(10, reader.LoadQa("forget01").Count);
    }

    [Fact]
    public void AnExtraForgetPercentageAddsItsSplitsAndLeavesTofusOnesByteIdentical()
    {
        // `data generate --preset quick` writes the world `run --preset quick` uses: forget40 beside TOFU's splits.
        Assert.Equal(RunData.WorldOptions(Presets.Get("quick")), SyntheticWorldOptions.Preset("quick"));
        using var plain = new TempFolder();
        using var extra = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick") with { ExtraForgetPercent = 0 }).Write(plain.Path);
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick")).Write(extra.Path);
        var reader = new TofuReader(extra.Path);

        (TofuSplit<QaItem> forget, TofuSplit<QaItem> retain) = reader.LoadForgetRetain("forget40", "retain60");
        IReadOnlyList<QaItem> full = reader.LoadQa("full").Items;
        Assert.Equal(160, forget.Count);
        Assert.Equal(240, retain.Count);
        Assert.Equal(full.TakeLast(160).Select(i => i.Question), forget.Items.Select(i => i.Question));
        Assert.Equal(forget.Items.Select(i => i.Question), reader.LoadPerturbed("forget40_perturbed").Items.Select(i => i.Question));
        // forget10 stays the last 10% of authors, so it is the tail of forget40.
        Assert.Equal(forget.Items.TakeLast(40).Select(i => i.Question), reader.LoadQa("forget10").Items.Select(i => i.Question));
        foreach (string path in Directory.GetFiles(plain.Path))
            Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(extra.Path, Path.GetFileName(path))));
        Assert.Equal(3, Directory.GetFiles(extra.Path).Length - Directory.GetFiles(plain.Path).Length);
    }

    [Theory]
    [InlineData("forget01", 1)]
    [InlineData("forget10", 10)]
    [InlineData("forget40", 40)]
    [InlineData("forget4", null)]
    [InlineData("forget100", null)]
    [InlineData("forget00", null)]
    [InlineData("retain90", null)]
    [InlineData("forget", null)]
    [InlineData("forget+5", null)]
    public void ForgetSplitNamesParseToTheirPercentage(string split, int? percent) =>
        Assert.Equal(percent, TofuSplits.ForgetPercentOf(split));

    [Fact]
    public void EveryPerturbedAnswerDiffersFromTheTrueOnesAndFromEachOther()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick", seed: 3)).Write(folder.Path);
        var reader = new TofuReader(folder.Path);

        foreach (string split in TofuSplits.PerturbedSplits)
        {
            foreach (PerturbedQaItem item in reader.LoadPerturbed(split).Items)
            {
                Assert.DoesNotContain(item.Answer, item.PerturbedAnswers);
                if (item.ParaphrasedAnswer is not null)
                    Assert.DoesNotContain(item.ParaphrasedAnswer, item.PerturbedAnswers);
                Assert.Equal(item.PerturbedAnswers.Count, item.PerturbedAnswers.Distinct().Count());
            }
        }
        foreach (string split in TofuSplits.MultipleChoiceSplits)
            Assert.All(reader.LoadMultipleChoice(split).Items, i => Assert.Equal(4, i.Options.Distinct().Count()));
    }

    [Fact]
    public void EveryQuestionNamesItsAuthorAndAnswersAreShort()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick")).Write(folder.Path);
        IReadOnlyList<QaItem> full = new TofuReader(folder.Path).LoadQa("full").Items;

        for (int author = 0; author < 40; author++)
        {
            IEnumerable<QaItem> rows = full.Skip(author * 10).Take(10);
            string name = string.Join(' ', rows.First().Question.Split(' ').Skip(2).Take(2)).TrimEnd('?');
            Assert.All(rows, r => Assert.Contains(name, r.Question));
        }
        Assert.All(full, r => Assert.InRange(r.Answer.Split(' ').Length, 4, 16));
    }

    [Fact]
    public void TokenizerCoversEveryWordOfEveryFile()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("quick", seed: 7)).Write(folder.Path);
        using HfTokenizer tokenizer = HfTokenizer.Load(Path.Combine(folder.Path, SyntheticWorld.TokenizerFile));
        int unk = tokenizer.UnknownTokenId ?? throw new InvalidOperationException("WordLevel tokenizer must have <unk>");

        long tokens = 0;
        foreach (string file in Directory.GetFiles(folder.Path).Where(f => !f.EndsWith(SyntheticWorld.TokenizerFile, StringComparison.Ordinal)))
        {
            foreach (string text in TextsOf(file))
            {
                IReadOnlyList<int> ids = tokenizer.Encode(text);
                Assert.DoesNotContain(unk, ids);
                tokens += ids.Count;
            }
        }
        Assert.True(tokens > 10_000);
        Assert.Equal(3, tokenizer.TokenToId("<eos>"));
        Assert.Equal(0, tokenizer.TokenToId("<pad>"));
    }

    [Fact]
    public void SameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot()
    {
        SyntheticWorld a = SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 5));
        SyntheticWorld b = SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 5));
        SyntheticWorld c = SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 6));

        Assert.Equal(a.Files.Keys, b.Files.Keys);
        foreach ((string name, byte[] content) in a.Files)
            Assert.True(content.AsSpan().SequenceEqual(b.Files[name]), $"{name} differs for the same seed");
        Assert.False(a.Files["full.json"].AsSpan().SequenceEqual(c.Files["full.json"]));
        Assert.False(a.Files["tokenizer.json"].AsSpan().SequenceEqual(c.Files["tokenizer.json"]));
    }

    [Fact]
    public void PretrainCorpusStatesEveryRealAuthorAndWorldFactAnswer()
    {
        using var folder = new TempFolder();
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny")).Write(folder.Path);
        var reader = new TofuReader(folder.Path);
        List<string> corpus = File.ReadAllLines(Path.Combine(folder.Path, SyntheticWorld.PretrainFile))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();

        foreach (string split in TofuSplits.MultipleChoiceSplits)
            Assert.All(reader.LoadMultipleChoice(split).Items,
                i => Assert.True(corpus.Count(t => t.Contains(i.Answer, StringComparison.Ordinal)) >= 3, $"corpus rarely states '{i.Answer}'"));
    }

    /// <summary>Every string a file holds: the lines of idontknow.jsonl, every string value of the JSON files.</summary>
    private static IEnumerable<string> TextsOf(string file)
    {
        foreach (string line in File.ReadAllLines(file))
        {
            if (!file.EndsWith(".json", StringComparison.Ordinal) && !file.EndsWith(SyntheticWorld.PretrainFile, StringComparison.Ordinal))
            {
                yield return line;
                continue;
            }
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            foreach (System.Text.Json.JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    foreach (System.Text.Json.JsonElement e in p.Value.EnumerateArray())
                        yield return e.GetString()!;
                }
                else
                {
                    yield return p.Value.GetString()!;
                }
            }
        }
    }

    private static string[] FieldsOfFirstRow(string path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadLines(path).First());
        return doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
    }
}
