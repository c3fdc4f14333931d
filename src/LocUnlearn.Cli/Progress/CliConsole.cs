using Spectre.Console;

namespace LocUnlearn.Cli.Progress;

/// <summary>
/// The Spectre console for a command's output: made on the current <see cref="Console.Out"/> each time. Spectre's
/// static <c>AnsiConsole.Console</c> keeps the writer it first saw, so a command run with redirected output (tests
/// capture Console.Out) would leave every later command writing into a closed writer.
/// </summary>
internal static class CliConsole
{
    public static IAnsiConsole Current() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
}
