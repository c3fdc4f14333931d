using System.Text.RegularExpressions;
using LocUnlearn.Tests.Text;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class TrimVocabCommandTests
{
    /// <summary>A one-author TOFU folder whose texts the tiny tokenizer's merges partly cover.</summary>
    private static string TinyTofu(TempFolder folder)
    {
        string data = Path.Combine(folder.Path, "tofu");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "full.json"),
            "{\"question\": \"Who wrote abc?\", \"answer\": \"abc abd bc\"}\n{\"question\": \"And cd?\", \"answer\": \"Nobody.\"}\n");
        File.WriteAllText(Path.Combine(data, "idontknow.jsonl"), "I don't know.\n");
        return data;
    }

    private static (int Before, int After) VocabularyLine(string output)
    {
        Match m = Regex.Match(output, @"Vocabulary: ([\d,]+) -> ([\d,]+) ids");
        Assert.True(m.Success, output);
        return (int.Parse(m.Groups[1].Value.Replace(",", "")), int.Parse(m.Groups[2].Value.Replace(",", "")));
    }

    [Fact]
    public void TrimVocabWritesATokenizerThatLoadsAndPrintsTheSizes()
    {
        using var folder = new TempFolder();
        string tokenizer = TinyByteLevelBpe.Write(Path.Combine(folder.Path, "full"));
        string output = Path.Combine(folder.Path, "trimmed");

        var outcome = CliHarness.Run("data", "trim-vocab", "--tokenizer", tokenizer, "--data", TinyTofu(folder), "--out", output);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        (int before, int after) = VocabularyLine(outcome.Out);
        Assert.Equal(265, before);
        Assert.InRange(after, 256 + 2 + 3, 264);                       // the bytes, <s>, </s>, abc and friends; never xy or cd
        Assert.Contains("Merges: 8 -> ", outcome.Out);
        Assert.Contains("Checked: all ", outcome.Out);
        using HfTokenizer trimmed = HfTokenizer.Load(Path.Combine(output, "tokenizer.json"));
        Assert.Equal(after, trimmed.VocabSize);
        Assert.Null(trimmed.TokenToId("xy"));
        Assert.NotNull(trimmed.TokenToId("Ġabd"));
        Assert.Contains("chat_template", File.ReadAllText(Path.Combine(output, "tokenizer_config.json")));
    }

    [SharedFileFact(Llama3TokenizerFixture.RelativePath, "tofu/forget01.json", "tofu/forget01_perturbed.json", "tofu/idontknow.jsonl")]
    public void TrimVocabOnATofuSliceKeepsTheLlama3TemplateDetectable()
    {
        using var folder = new TempFolder();
        string data = Path.Combine(folder.Path, "tofu");
        Directory.CreateDirectory(data);
        foreach (string file in new[] { "forget01.json", "forget01_perturbed.json", "idontknow.jsonl" })
            File.Copy(SharedFiles.Require("tofu/" + file), Path.Combine(data, file));
        string output = Path.Combine(folder.Path, "llama3-tofu");

        var outcome = CliHarness.Run("data", "trim-vocab", "--tokenizer", SharedFiles.Require(Llama3TokenizerFixture.RelativePath),
            "--data", data, "--out", output);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        (int before, int after) = VocabularyLine(outcome.Out);
        Assert.Equal(128256, before);
        Assert.InRange(after, 512, 5000);
        Assert.Equal("llama3", ChatTemplates.Detect(output).Name);
        using HfTokenizer trimmed = HfTokenizer.Load(Path.Combine(output, "tokenizer.json"));
        Assert.Equal(after - 256, trimmed.TokenToId("<|begin_of_text|>"));

        // An already trimmed tokenizer trims to itself, byte for byte (what `run --tokenizer` meets on a second run).
        string again = Path.Combine(folder.Path, "again");
        Assert.Equal(0, CliHarness.Run("data", "trim-vocab", "--tokenizer", Path.Combine(output, "tokenizer.json"), "--data", data, "--out", again).ExitCode);
        foreach (string file in new[] { "tokenizer.json", "tokenizer_config.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(output, file)), File.ReadAllBytes(Path.Combine(again, file)));
    }

    [Fact]
    public void UserErrorsExitWithCode2()
    {
        using var folder = new TempFolder();
        string tokenizer = TinyByteLevelBpe.Write(Path.Combine(folder.Path, "full"));
        string data = TinyTofu(folder);

        CliHarness.AssertUserError(CliHarness.Run("data", "trim-vocab", "--tokenizer", tokenizer, "--data", data, "--out", Path.GetDirectoryName(tokenizer)!),
            "holds the source tokenizer");
        string empty = Path.Combine(folder.Path, "empty");
        Directory.CreateDirectory(empty);
        CliHarness.AssertUserError(CliHarness.Run("data", "trim-vocab", "--tokenizer", tokenizer, "--data", empty, "--out", Path.Combine(folder.Path, "o")),
            "no TOFU split files");
        CliHarness.AssertUserError(CliHarness.Run("data", "trim-vocab", "--tokenizer", tokenizer, "--data", data), "--out");

        string world = Path.Combine(folder.Path, "world");
        Assert.Equal(0, CliHarness.Run("data", "synth", "--out", world, "--preset", "tiny").ExitCode);
        CliHarness.AssertUserError(CliHarness.Run("data", "trim-vocab", "--tokenizer", Path.Combine(world, "tokenizer.json"), "--data", world,
            "--out", Path.Combine(folder.Path, "o")), "byte-level BPE", "WordLevel");
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "o")) && Directory.EnumerateFiles(Path.Combine(folder.Path, "o")).Any());
    }

    [Fact]
    public void HelpNamesTheOptions()
    {
        var outcome = CliHarness.Run("data", "trim-vocab", "--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (string option in new[] { "--tokenizer", "--data", "--out", "byte symbols" })
            Assert.Contains(option, outcome.Out);
    }
}
