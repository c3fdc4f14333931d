using LocUnlearn.Localization;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Unlearning;

namespace LocUnlearn.Tests.Localization;

public class ValueVectorScoresTests
{
    [Fact]
    public void TopCutIsGlobalWithDeterministicTiesAndNaNLast()
    {
        var scores = new ValueVectorScores("test", [[1f, 5f, float.NaN, 2f], [5f, 0f, 3f, 2f]]);
        var top = scores.TopCount(4);
        Assert.Equal([new ValueVector(0, 1), new ValueVector(0, 3), new ValueVector(1, 0), new ValueVector(1, 2)], top.Vectors);
        Assert.Equal([1, 1], scores.TopCount(2).PerLayerCounts); // the two 5s, one per layer
        Assert.Contains(new ValueVector(0, 3), scores.TopCount(4).Vectors); // tie of 2s: (0, 3) before (1, 3)
        Assert.DoesNotContain(new ValueVector(1, 3), scores.TopCount(4).Vectors);
        Assert.DoesNotContain(new ValueVector(0, 2), scores.TopCount(7).Vectors);
    }

    [Fact]
    public void ScoresRoundTripThroughTheirFile()
    {
        using var folder = new TempFolder();
        var scores = new ValueVectorScores("wagle", [[1.5f, -2.25e-7f, 3f], [0f, 7.123456f, float.MaxValue]]);
        string path = Path.Combine(folder.Path, "scores.json");
        scores.Save(path);
        var back = ValueVectorScores.Load(path);
        Assert.Equal("wagle", back.Method);
        Assert.Equal(scores.Scores, back.Scores);
        Assert.True(back.Top(0.5).SetEquals(scores.Top(0.5)));
    }

    [Fact]
    public void MemFlexCorruptsHalfTheAnswerTokensOnlyAndDeterministically()
    {
        var items = UnlearningFixtures.Examples(5, 40, seed: 3, promptLength: 3, minAnswer: 6, maxAnswer: 6);
        var a = MemFlexLocalizer.Corrupt(items, 40, 0.5, seed: 9, MemFlexLocalizer.ForgetStream);
        var b = MemFlexLocalizer.Corrupt(items, 40, 0.5, seed: 9, MemFlexLocalizer.ForgetStream);
        for (int n = 0; n < items.Count; n++)
        {
            Assert.Equal(a[n].InputIds, b[n].InputIds);
            Assert.Equal(items[n].InputIds.Take(3), a[n].InputIds.Take(3));
            Assert.Equal(a[n].InputIds.Skip(3), a[n].Labels.Skip(3));
            Assert.True(items[n].InputIds.Zip(a[n].InputIds).Count(p => p.First != p.Second) <= 3);
        }
        Assert.Contains(Enumerable.Range(0, items.Count), n => !items[n].InputIds.SequenceEqual(a[n].InputIds));
    }

    [Fact]
    public void RegistryKnowsEveryLocalizer()
    {
        foreach (var name in Localizers.Names)
            Assert.Equal(name, Localizers.Create(name).Name);
        Assert.Throws<ArgumentException>(() => Localizers.Create("causal-tracing"));
    }
}
