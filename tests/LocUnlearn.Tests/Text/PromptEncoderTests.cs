using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

[Collection(Llama3TokenizerCollection.Name)]
public class PromptEncoderTests(Llama3TokenizerFixture llama3)
{
    private const string Llama3 = Llama3TokenizerFixture.RelativePath;

    /// <summary>A template whose prompt ends in a space: BPE merges that space into the answer's first word.</summary>
    private sealed class TrailingSpaceTemplate : IChatTemplate
    {
        public string Name => "trailing-space";
        public string EosToken => "<|eot_id|>";
        public string RenderPrompt(string question) => "Question: " + question + "\nAnswer: ";
        public string RenderAnswer(string answer) => answer;
    }

    private static HfTokenizer SyntheticTokenizer(TempFolder folder)
    {
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny")).Write(folder.Path);
        return HfTokenizer.Load(Path.Combine(folder.Path, SyntheticWorld.TokenizerFile));
    }

    [Fact]
    public void PromptTokensAreMaskedAndAnswerTokensAndEosAreLabelled()
    {
        using var folder = new TempFolder();
        using HfTokenizer tokenizer = SyntheticTokenizer(folder);
        QaItem item = new TofuReader(folder.Path).LoadQa("forget10").Items[0];
        var encoder = new PromptEncoder(tokenizer, new PlainTemplate());

        EncodedExample e = encoder.Encode(item.Question, item.Answer, item.Source.ToString());

        int promptLength = tokenizer.Encode(new PlainTemplate().RenderPrompt(item.Question)).Count;
        Assert.Equal(promptLength, e.PromptLength);
        Assert.All(e.Labels.Take(promptLength), l => Assert.Equal(EncodedExample.IgnoreIndex, l));
        Assert.Equal(e.InputIds.Skip(promptLength), e.Labels.Skip(promptLength));
        Assert.Equal(tokenizer.Encode(" " + item.Answer).Count + 1, e.AnswerLength);
        Assert.Equal(3, e.InputIds[^1]);
        Assert.Equal(3, e.Labels[^1]);
        Assert.DoesNotContain(tokenizer.UnknownTokenId!.Value, e.InputIds.Select(i => (int)i));
        Assert.Equal(0, encoder.TruncatedCount);
    }

    [Fact]
    public void TooLongAnswerIsCutFromTheRightKeepingEosAndIsCounted()
    {
        using var folder = new TempFolder();
        using HfTokenizer tokenizer = SyntheticTokenizer(folder);
        var encoder = new PromptEncoder(tokenizer, new PlainTemplate(), maxLength: 12);
        string question = "When was it?";
        int promptLength = tokenizer.Encode(new PlainTemplate().RenderPrompt(question)).Count;

        EncodedExample e = encoder.Encode(question, "It was born in the city of the city of the city of the city .", "item 7");

        Assert.Equal(12, e.Length);
        Assert.Equal(promptLength, e.PromptLength);
        Assert.Equal(3, e.Labels[^1]);
        Assert.Equal(["item 7"], encoder.TruncatedItems);
        Assert.Throws<ArgumentException>(() => new PromptEncoder(tokenizer, new PlainTemplate(), maxLength: promptLength + 1)
            .Encode(question, "It was.", "item 8"));
    }

    [Fact]
    public void MissingEosTokenIsAClearError()
    {
        using var folder = new TempFolder();
        using HfTokenizer tokenizer = SyntheticTokenizer(folder);

        var e = Assert.Throws<ArgumentException>(() => new PromptEncoder(tokenizer, new Llama3ChatTemplate()));

        Assert.Contains("<|eot_id|>", e.Message);
    }

    [SharedFileFact(Llama3)]
    public void BorderMergeWithTheRealLlama3TokenizerNamesTheItem()
    {
        HfTokenizer tokenizer = llama3.Tokenizer;
        var encoder = new PromptEncoder(tokenizer, new TrailingSpaceTemplate());

        var e = Assert.Throws<PromptBorderMergeException>(() => encoder.Encode("Where is the Eiffel Tower?", "Paris", "world_facts.json line 1"));

        Assert.Contains("world_facts.json line 1", e.Message);
    }

    [SharedFileFact(Llama3, "tofu/forget10.json")]
    public void RealTofuItemsEncodeWithTheLlama3TemplateAndEotAsEos()
    {
        HfTokenizer tokenizer = llama3.Tokenizer;
        var encoder = new PromptEncoder(tokenizer, new Llama3ChatTemplate());

        foreach (QaItem item in new TofuReader(SharedFiles.Require("tofu")).LoadQa("forget10").Items.Take(40))
        {
            EncodedExample e = encoder.Encode(item.Question, item.Answer, item.Source.ToString());
            Assert.Equal(128000, e.InputIds[0]);
            Assert.Equal(128009, e.InputIds[^1]);
            Assert.Equal([128007L, 271L], e.InputIds[(e.PromptLength - 2)..e.PromptLength]);
            Assert.All(e.Labels.Take(e.PromptLength), l => Assert.Equal(EncodedExample.IgnoreIndex, l));
            Assert.All(e.Labels.Skip(e.PromptLength), l => Assert.NotEqual(EncodedExample.IgnoreIndex, l));
            Assert.Equal(item.Answer, tokenizer.Decode(e.InputIds.Skip(e.PromptLength).Select(i => (int)i).ToList()));
        }
    }
}
