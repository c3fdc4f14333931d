using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

public class RealTofuTests
{
    private const string Tofu = "tofu";

    private static TofuReader Reader() => new(SharedFiles.Require(Tofu));

    [SharedFileFact(Tofu)]
    public void PlainSplitsHaveTheReadmeCounts()
    {
        TofuReader reader = Reader();
        var expected = new Dictionary<string, int>
        {
            ["full"] = 4000, ["forget01"] = 40, ["forget05"] = 200, ["forget10"] = 400,
            ["retain99"] = 3960, ["retain95"] = 3800, ["retain90"] = 3600,
        };
        foreach ((string split, int rows) in expected)
            Assert.Equal(rows, reader.LoadQa(split).Count);
    }

    [SharedFileFact(Tofu)]
    public void PerturbedAndMultipleChoiceSplitsHaveTheReadmeCountsAndFields()
    {
        TofuReader reader = Reader();
        foreach ((string split, int rows) in new[] { ("forget01_perturbed", 40), ("forget05_perturbed", 200), ("forget10_perturbed", 400), ("retain_perturbed", 400) })
        {
            TofuSplit<PerturbedQaItem> s = reader.LoadPerturbed(split);
            Assert.Equal(rows, s.Count);
            Assert.All(s.Items, i =>
            {
                Assert.Equal(5, i.PerturbedAnswers.Count);
                Assert.False(string.IsNullOrWhiteSpace(i.ParaphrasedAnswer));
                Assert.False(string.IsNullOrWhiteSpace(i.ParaphrasedQuestion));
            });
        }
        foreach ((string split, int rows) in new[] { ("real_authors_perturbed", 100), ("world_facts_perturbed", 117) })
        {
            TofuSplit<PerturbedQaItem> s = reader.LoadPerturbed(split);
            Assert.Equal(rows, s.Count);
            Assert.All(s.Items, i => Assert.Equal(3, i.PerturbedAnswers.Count));
        }
        Assert.Equal(100, reader.LoadMultipleChoice("real_authors").Count);
        Assert.Equal(117, reader.LoadMultipleChoice("world_facts").Count);
        Assert.Equal(100, reader.LoadRefusals().Count);
    }

    [SharedFileFact(Tofu)]
    public void Forget10IsTheLast400RowsOfFullAndDisjointFromRetain90()
    {
        TofuReader reader = Reader();
        IReadOnlyList<QaItem> full = reader.LoadQa("full").Items;
        (TofuSplit<QaItem> forget, TofuSplit<QaItem> retain) = reader.LoadForgetRetain("forget10", "retain90");

        Assert.Equal(full.Skip(3600).Select(i => (i.Question, i.Answer)), forget.Items.Select(i => (i.Question, i.Answer)));
        Assert.Equal(full.Take(3600).Select(i => (i.Question, i.Answer)), retain.Items.Select(i => (i.Question, i.Answer)));
        Assert.Equal(1, forget.Items[0].Source.Line);
    }

    [SharedFileFact(Tofu)]
    public void TheAmbiguousRepeatedQuestionOfFullIsAWarningNotAnError()
    {
        TofuSplit<QaItem> full = Reader().LoadQa("full");

        string warning = Assert.Single(full.Warnings);
        Assert.Contains("line 441", warning);
    }
}
