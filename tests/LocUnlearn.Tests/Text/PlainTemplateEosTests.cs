using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

/// <summary>The plain template ends answers with the synthetic world's &lt;eos&gt;, or a real tokenizer's end-of-text token.</summary>
[Collection(Llama3TokenizerCollection.Name)]
public sealed class PlainTemplateEosTests(Llama3TokenizerFixture llama3)
{
    private sealed class Vocabulary(params string[] tokens) : ITokenizer
    {
        public int VocabSize => tokens.Length;
        public int? UnknownTokenId => null;
        public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = false) => [];
        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) => "";
        public int? TokenToId(string token) => Array.IndexOf(tokens, token) is var i and >= 0 ? i : null;
    }

    [Fact]
    public void TheFirstEndOfTextTokenTheTokenizerHasEndsAnswers()
    {
        Assert.Equal("<eos>", PlainTemplate.For(new Vocabulary("a", "<eos>", "</s>")).EosToken);
        Assert.Equal("</s>", ChatTemplates.Get("plain", new Vocabulary("a", "</s>")).EosToken);
        Assert.Equal("<|endoftext|>", ChatTemplates.Get("plain", new Vocabulary("<|endoftext|>", "</s>")).EosToken);
        // None: the default, so the encoder's error names the token it looked for.
        Assert.Equal("<eos>", PlainTemplate.For(new Vocabulary("a")).EosToken);
        Assert.Equal("<eos>", ChatTemplates.Get("plain").EosToken);
    }

    [SharedFileFact(Llama3TokenizerFixture.RelativePath)]
    public void WithLlama3ThePlainFormatEndsAnswersWithEndOfText()
    {
        HfTokenizer tokenizer = llama3.Tokenizer;
        using var empty = new TempFolder();

        IChatTemplate template = ChatTemplates.Get("plain", tokenizer);
        var example = new PromptEncoder(tokenizer, template).Encode("Who wrote it?", "Jane Doe wrote it.", "row 1");

        Assert.Equal("<|end_of_text|>", template.EosToken);
        Assert.Equal("plain", ChatTemplates.Detect(empty.Path, tokenizer).Name);
        Assert.Equal("<|end_of_text|>", ChatTemplates.Detect(empty.Path, tokenizer).EosToken);
        Assert.Equal(128001L, example.InputIds[^1]);
        Assert.Equal("Question: Who wrote it?\nAnswer:", tokenizer.Decode(example.InputIds.Take(example.PromptLength).Select(i => (int)i).ToList()));
        Assert.Equal(" Jane Doe wrote it.", tokenizer.Decode(example.InputIds.Skip(example.PromptLength).SkipLast(1).Select(i => (int)i).ToList()));
    }
}
