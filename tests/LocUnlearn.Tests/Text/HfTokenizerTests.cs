using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

[Collection(Llama3TokenizerCollection.Name)]
public class HfTokenizerTests(Llama3TokenizerFixture llama3)
{
    private const string Llama3 = Llama3TokenizerFixture.RelativePath;

    [SharedFileFact(Llama3, "tofu/forget10.json")]
    public void Llama3ChatPromptKeepsSpecialTokensAsSingleIds()
    {
        HfTokenizer tokenizer = llama3.Tokenizer;
        string question = new LocUnlearn.Data.TofuReader(SharedFiles.Require("tofu")).LoadQa("forget10").Items[0].Question;
        string prompt = new Llama3ChatTemplate().RenderPrompt(question);

        IReadOnlyList<int> ids = tokenizer.Encode(prompt);

        Assert.Equal(128000, ids[0]);
        Assert.Equal(128006, ids[1]);
        Assert.Equal(1, ids.Count(id => id == 128000));
        Assert.Equal(3, ids.Count(id => id == 128006));
        Assert.Equal(3, ids.Count(id => id == 128007));
        Assert.Equal(2, ids.Count(id => id == 128009));
        Assert.Equal(128007, ids[^2]);
        Assert.Equal(prompt, tokenizer.Decode(ids, skipSpecialTokens: false));
        Assert.DoesNotContain("<|", tokenizer.Decode(ids));
    }

    [SharedFileFact(Llama3)]
    public void AddSpecialTokensControlsOnlyThePostProcessorBos()
    {
        HfTokenizer tokenizer = llama3.Tokenizer;

        IReadOnlyList<int> plain = tokenizer.Encode("Who is the author of 'The Silent Forest'?");
        IReadOnlyList<int> withBos = tokenizer.Encode("Who is the author of 'The Silent Forest'?", addSpecialTokens: true);

        Assert.Equal(10, plain.Count);
        Assert.Equal([128000, .. plain], withBos);
        Assert.Equal(128256, tokenizer.VocabSize);
        Assert.Equal(128009, tokenizer.TokenToId("<|eot_id|>"));
        Assert.Null(tokenizer.UnknownTokenId);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load("/nonexistent/tokenizer.json"));
        Assert.Contains("/nonexistent/tokenizer.json", e.Message);
    }

    [Fact]
    public void MalformedOrNonUtf8TokenizerFileIsNamedWithLineAndPosition()
    {
        using var folder = new TempFolder();
        string path = folder.File("tokenizer.json", "{\"model\": {\"vocab\": {\"a\": 0,\n \"b\": 1,}}}");
        Assert.StartsWith($"{path} line 2, column 9: malformed JSON (a trailing comma before '}}'",
            Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path)).Message);

        File.WriteAllBytes(path, [.. "{\"model\": {\"vocab\": {\""u8, 0xFF, .. "\": 0}}}"u8]);
        Assert.StartsWith($"{path} line 1, byte offset 22: invalid UTF-8 (bytes 0xFF 0x22 0x3A)",
            Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path)).Message);
    }
}
