using System.CommandLine;
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

    [Fact]
    public void UserErrorsExitWithCode2()
    {
        using var folder = new TempFolder();
        folder.File("full.json", "{\"question\": \"Q?\", \"answer\": \"A.\"}\n{\"question\": \"Q2?\"");

        Assert.Equal(2, Run("data", "stats", "--data", folder.Path));
        Assert.Equal(2, Run("data", "stats", "--data", Path.Combine(folder.Path, "absent")));
        Assert.Equal(2, Run("data", "synth", "--out", folder.Path, "--qa-per-author", "21"));
    }
}
