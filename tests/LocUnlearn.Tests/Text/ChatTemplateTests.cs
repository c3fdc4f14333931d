using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

public class ChatTemplateTests
{
    [Fact]
    public void Llama3PromptIsTheHfRenderingWithThePinnedDate()
    {
        const string expected =
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n" +
            "Today Date: 10 Apr 2025\n\nYou are a helpful assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" +
            "Who wrote it?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

        IChatTemplate template = ChatTemplates.Get("llama3");

        Assert.Equal(expected, template.RenderPrompt("Who wrote it?"));
        Assert.Equal("Me.", template.RenderAnswer("Me."));
        Assert.Equal("<|eot_id|>", template.EosToken);
    }

    [Fact]
    public void Olmo2AndPlainRenderTheirFormats()
    {
        Assert.Equal("<|endoftext|><|user|>\nWho?\n<|assistant|>\n", ChatTemplates.Get("olmo2").RenderPrompt("Who?"));
        Assert.Equal("<|endoftext|>", ChatTemplates.Get("olmo2").EosToken);
        Assert.Equal("Question: Who?\nAnswer:", ChatTemplates.Get("plain").RenderPrompt("Who?"));
        Assert.Equal(" Me.", ChatTemplates.Get("plain").RenderAnswer("Me."));
    }

    [Fact]
    public void UnknownTemplateNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ChatTemplates.Get("chatml"));
        Assert.Contains("llama3, olmo2, plain", e.Message);
    }

    [Fact]
    public void NonUtf8TokenizerConfigIsRefused()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "tokenizer_config.json");
        File.WriteAllBytes(path, [.. "{\"chat_template\": \""u8, 0xC3, 0x28, .. "\"}"u8]);

        var e = Assert.Throws<TokenizerFormatException>(() => ChatTemplates.Detect(folder.Path));

        Assert.StartsWith($"{path} line 1, byte offset 19: invalid UTF-8 (bytes 0xC3 0x28 0x22)", e.Message);
    }

    [SharedFileFact("tokenizers/llama3/tokenizer_config.json")]
    public void DetectsLlama3FromAModelFoldersTokenizerConfig()
    {
        string folder = Path.GetDirectoryName(SharedFiles.Require("tokenizers/llama3/tokenizer_config.json"))!;
        Assert.Equal("llama3", ChatTemplates.Detect(folder).Name);
        using var empty = new TempFolder();
        Assert.Equal("plain", ChatTemplates.Detect(empty.Path).Name);
    }
}
