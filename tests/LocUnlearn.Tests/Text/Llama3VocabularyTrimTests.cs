using System.Diagnostics;
using LocUnlearn.Data;
using LocUnlearn.Text;
using Xunit.Abstractions;

namespace LocUnlearn.Tests.Text;

/// <summary>The Llama-3 tokenizer trimmed to all of real TOFU (issue 15): every study string keeps its tokens.</summary>
[Collection(Llama3TokenizerCollection.Name)]
public class Llama3VocabularyTrimTests(Llama3TokenizerFixture llama3, ITestOutputHelper output)
{
    [SharedFileFact(Llama3TokenizerFixture.RelativePath, "tokenizers/llama3/tokenizer_config.json", "tofu/full.json", "tofu/idontknow.jsonl")]
    public void TrimmedToAllOfTofuEveryStudyStringKeepsItsTokensAndDecodesBack()
    {
        var clock = Stopwatch.StartNew();
        var texts = TofuTexts.Read(new TofuReader(SharedFiles.Require("tofu")));
        IReadOnlyList<string> strings = texts.StudyStrings();
        HfTokenizer full = llama3.Tokenizer;
        VocabularyTrim trim = TokenizerTrimming.Trim(full, strings);
        double trimSeconds = clock.Elapsed.TotalSeconds;
        using var folder = new TempFolder();
        trim.Write(folder.Path);
        using HfTokenizer trimmed = HfTokenizer.Load(Path.Combine(folder.Path, VocabularyTrim.TokenizerFileName));

        TokenizerComparison comparison = TokenizerTrimming.Compare(full, trimmed, strings);

        output.WriteLine($"{strings.Count} strings ({texts.Questions.Count} questions, {texts.Answers.Count} answer texts); " +
                         $"vocab {trim.VocabBefore} -> {trim.VocabAfter} ({trim.UsedTokens} used), merges {trim.MergesBefore} -> {trim.MergesAfter}; " +
                         $"read + trim {trimSeconds:F1} s, all {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(comparison.Identical, string.Join("\n", comparison.Examples.Select(d =>
            $"'{d.Text}': full [{string.Join(" ", d.Full)}] trimmed [{string.Join(" ", d.Trimmed)}] decoded '{d.Decoded}'")));
        Assert.Equal((strings.Count, 0), (comparison.Texts, comparison.NotRoundTripped));
        Assert.True(strings.Count > 40_000, $"{strings.Count} strings");
        Assert.Equal(128256, trim.VocabBefore);
        Assert.InRange(trim.VocabAfter, 256 + 256 + trim.UsedTokens / 2, 128256 / 4);
        Assert.Equal(trim.VocabAfter, trimmed.VocabSize);
        Assert.Equal(256, trim.AddedTokens);

        // Where the pipeline looks: the template detection, the EOS id, the prompt encoder.
        IChatTemplate template = ChatTemplates.ForTokenizer(trimmed, folder.Path);
        Assert.Equal("llama3", template.Name);
        Assert.Equal(trim.VocabAfter - 256 + 9, trimmed.TokenToId("<|eot_id|>"));    // 128009 - 128000 after the model vocabulary
        var item = new TofuReader(SharedFiles.Require("tofu")).LoadQa("forget10").Items[7];
        var fullExample = new PromptEncoder(full, template).Encode(item.Question, item.Answer, "forget10 row 8");
        var trimmedExample = new PromptEncoder(trimmed, template).Encode(item.Question, item.Answer, "forget10 row 8");
        Assert.Equal(fullExample.InputIds.Select(id => full.IdToToken((int)id)), trimmedExample.InputIds.Select(id => trimmed.IdToToken((int)id)));
        Assert.Equal(fullExample.PromptLength, trimmedExample.PromptLength);
        Assert.Equal(item.Answer, trimmed.Decode(trimmedExample.InputIds.Skip(trimmedExample.PromptLength).Select(id => (int)id).ToList()));

        // Text TOFU never holds still encodes (token strings may differ from the full tokenizer's) and decodes back.
        string[] others = ["Ünïcödé ñ 東京 Привет мир", "0123456789 3.14159 1e-7 ½", "emoji 🙂👩‍🔬🏳️‍🌈 done", "tabs\tand\r\nnewlines  "];
        foreach (string other in others)
            Assert.Equal(other, trimmed.Decode(trimmed.Encode(other)));
    }
}
