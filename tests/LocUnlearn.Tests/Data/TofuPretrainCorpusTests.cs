using LocUnlearn.Data;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Data;

/// <summary>θp's corpus on real TOFU (the tofu preset): the knowledge MU scores and retain-author text, no forget author.</summary>
public sealed class TofuPretrainCorpusTests
{
    /// <summary>The 20 authors of forget10, as its first answer about each names them (rows 0, 20, ..., 380).</summary>
    public static readonly string[] Forget10Authors =
    [
        "Hsiao Yun-Hwa", "Carmen Montenegro", "Elvin Mammadov", "Rajeev Majumdar", "Jad Ambrose Al-Shamary", "Adib Jarrah",
        "Ji-Yeon Park", "Behrouz Rohani", "Wei-Jun Chen", "Tae-ho Park", "Hina Ameen", "Xin Lee Williams", "Moshe Ben-David",
        "Kalkidan Abera", "Takashi Nakamura", "Raven Marais", "Aysha Al-Hashim", "Edward Patrick Sullivan", "Basil Mahfouz Al-Kuwaiti",
        "Nikolai Abilov",
    ];

    [SharedFileFact("tofu/forget10.json", "tofu/retain90.json", "tofu/real_authors_perturbed.json", "tofu/world_facts_perturbed.json")]
    public void RealTofuCorpusHoldsKnowledgeAndRetainAnswersAndNoForgetAuthor()
    {
        var reader = new TofuReader(SharedFiles.Require("tofu"));
        var forget = reader.LoadQa("forget10").Items;
        var retain = reader.LoadQa("retain90").Items;

        var lines = TofuPretrainCorpus.Lines(reader, "retain90", new PlainTemplate());

        Assert.Equal(100 + 117 + 3600, lines.Count);
        Assert.Equal("Question: " + reader.LoadPerturbed("real_authors_perturbed").Items[0].Question + "\nAnswer: " +
                     reader.LoadPerturbed("real_authors_perturbed").Items[0].Answer, lines[0]);
        Assert.Equal(retain.Select(i => i.Answer), lines.Skip(217));
        string corpus = string.Join("\n", lines);
        // The list is right: every name is the subject of its author's 20 forget rows (each named in most of them).
        for (int author = 0; author < Forget10Authors.Length; author++)
            Assert.Contains(Forget10Authors[author], forget[20 * author].Answer);
        Assert.All(Forget10Authors, name => Assert.DoesNotContain(name, corpus));
        // Surnames too, except the three that retain or real authors share (Park, Chen, Williams).
        var surnames = Forget10Authors.Select(n => n.Split(' ')[^1]).Except(["Park", "Chen", "Williams"]).ToList();
        Assert.Equal(16, surnames.Count); // 20 names less Park (twice), Chen and Williams
        Assert.All(surnames, surname => Assert.DoesNotContain(surname, corpus));
        Assert.All(forget, item => Assert.DoesNotContain(item.Answer, lines));
    }

    [SharedFileFact("tofu/forget10.json")]
    public void AFolderWithoutTheKnowledgeSplitsIsRefusedNamingTheFile()
    {
        using var temp = new TempFolder();
        TofuSlice.Write(temp.Path);
        File.Delete(Path.Combine(temp.Path, "world_facts_perturbed.json"));

        var e = Assert.Throws<TofuFormatException>(() => TofuPretrainCorpus.Lines(new TofuReader(temp.Path), "retain90", new PlainTemplate()));

        Assert.Contains("world_facts_perturbed.json", e.Message);
    }
}
