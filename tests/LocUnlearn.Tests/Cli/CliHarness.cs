using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.CommandLine;
using LocUnlearn.Cli.Commands;

namespace LocUnlearn.Tests.Cli;

/// <summary>Tests that capture the process-wide Console run alone, so no other test's output lands in their capture.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>What a command printed and its exit code.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>Runs the real `locunlearn` command tree (every verb of <see cref="CommandCatalog"/>) with captured output.</summary>
internal static class CliHarness
{
    public static CliOutcome Run(params string[] args)
    {
        var root = CommandCatalog.Root();
        TextWriter oldOut = Console.Out, oldError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = CliErrors.InvokeAsync(root.Parse(args)).GetAwaiter().GetResult();
            return new CliOutcome(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>Exit code 2 (a user error) with a message on stderr containing every expected fragment.</summary>
    public static void AssertUserError(CliOutcome outcome, params string[] fragments)
    {
        Assert.True(outcome.ExitCode == 2, $"exit code {outcome.ExitCode}, stdout: {outcome.Out}, stderr: {outcome.Error}");
        foreach (string fragment in fragments)
            Assert.Contains(fragment, outcome.Error, StringComparison.OrdinalIgnoreCase);
    }
}
