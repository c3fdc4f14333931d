using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.CommandLine;
using System.Text.Json.Nodes;
using LocUnlearn.Cli.Commands;

namespace LocUnlearn.Tests.Cli;

public class DataCommandTests
{
    private static int Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(DataCommand.Create());
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void SynthWritesAWorldThatStatsReads()
    {
        using var folder = new TempFolder();

        Assert.Equal(0, Run("data", "synth", "--out", folder.Path, "--preset", "tiny", "--seed", "4"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "forget10_perturbed.json")));
        Assert.Equal(0, Run("data", "stats", "--data", folder.Path));
    }

    /// <summary>The cells of the stats table's row for <paramref name="split"/>.</summary>
    private static string[] StatsRow(string output, string split) =>
        output.Split('\n').Select(l => l.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray())
            .Single(cells => cells.Length > 0 && cells[0] == split);

    private static double Percent(string cell) => double.Parse(cell.Replace("%", "").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void SynthHonoursAuthorsAndQaPerAuthorAndStatsCountsRowsTokensAndUnknowns()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Run("data", "synth", "--out", folder.Path, "--authors", "20", "--qa-per-author", "5", "--seed", "3"));

        var stats = CliHarness.Run("data", "stats", "--data", folder.Path);

        Assert.Equal(0, stats.ExitCode);
        var full = StatsRow(stats.Out, "full");
        Assert.Equal("100", full[1]);                // 20 authors × 5 QA
        Assert.Equal("10", StatsRow(stats.Out, "forget10")[1]);
        int p50 = int.Parse(full[2]), max = int.Parse(full[5]);
        Assert.InRange(p50, 5, max);                 // prompt + answer + EOS tokens
        Assert.Equal(0, Percent(full[6]));           // the world's own tokenizer covers every word

        // The same world through a tokenizer that lacks one frequent word: the unknown-token rate is no longer 0.
        var tokenizer = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "tokenizer.json")))!;
        Assert.True(tokenizer["model"]!["vocab"]!.AsObject().Remove("the"));
        string reduced = Path.Combine(folder.Path, "reduced", "tokenizer.json");
        Directory.CreateDirectory(Path.GetDirectoryName(reduced)!);
        File.WriteAllText(reduced, tokenizer.ToJsonString());
        var withUnknowns = CliHarness.Run("data", "stats", "--data", folder.Path, "--tokenizer", reduced);
        Assert.Equal(0, withUnknowns.ExitCode);
        Assert.True(Percent(StatsRow(withUnknowns.Out, "full")[6]) > 0);
    }

    [SharedFileFact("tofu/forget01.json", "tokenizers/llama3/tokenizer.json")]
    public void StatsWithTheLlama3TokenizerPicksItsTemplateWithoutBeingTold()
    {
        using var folder = new TempFolder();
        File.Copy(SharedFiles.Require("tofu/forget01.json"), Path.Combine(folder.Path, "forget01.json"));

        var stats = CliHarness.Run("data", "stats", "--data", folder.Path, "--tokenizer", SharedFiles.Require("tokenizers/llama3/tokenizer.json"));

        Assert.True(stats.ExitCode == 0, stats.Error);
        var row = StatsRow(stats.Out, "forget01");
        Assert.Equal("40", row[1]);
        Assert.Equal("n/a", row[6]);                 // byte-level BPE has no unknown token
        Assert.True(int.Parse(row[2]) > 30, row[2]); // the Llama-3 chat template's header tokens are counted
    }

    [Fact]
    public void UserErrorsExitWithCode2()
    {
        using var folder = new TempFolder();
        folder.File("full.json", "{\"question\": \"Q?\", \"answer\": \"A.\"}\n{\"question\": \"Q2?\"");

        Assert.Equal(2, Run("data", "stats", "--data", folder.Path));
        Assert.Equal(2, Run("data", "stats", "--data", Path.Combine(folder.Path, "absent")));
        Assert.Equal(2, Run("data", "synth", "--out", folder.Path, "--qa-per-author", "21"));
    }

    [Fact]
    public void HalfLengthPerturbedSplitAndNonUtf8FileExitWithCode2AndTheirMessages()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Run("data", "synth", "--out", folder.Path, "--preset", "tiny", "--seed", "4"));
        string perturbed = Path.Combine(folder.Path, "forget01_perturbed.json");
        string[] rows = File.ReadAllLines(perturbed);
        File.WriteAllLines(perturbed, rows[..(rows.Length / 2)]);

        var halved = CliHarness.Run("data", "stats", "--data", folder.Path);

        CliHarness.AssertUserError(halved, $"{perturbed} has {rows.Length / 2} rows but its base split", $"forget01.json has {rows.Length}");
        File.WriteAllLines(perturbed, rows);
        string forget = Path.Combine(folder.Path, "forget01.json");
        byte[] bytes = File.ReadAllBytes(forget);
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xE9;
        File.WriteAllBytes(forget, bytes);

        CliHarness.AssertUserError(CliHarness.Run("data", "stats", "--data", folder.Path), $"{forget} line 1, byte offset", "invalid UTF-8");
    }
}
