using LocUnlearn.Common.Progress;
using Spectre.Console;

namespace LocUnlearn.Cli.Progress;

/// <summary>
/// The progress sink a command should use, chosen for where output goes: live bars on an interactive
/// terminal, timestamped lines otherwise (CI, pipes, files, TERM=dumb), because cursor movement in a log file
/// is noise. Dispose it when the command ends so the live display releases the terminal.
/// </summary>
public sealed class ProgressDisplay : IDisposable
{
    private readonly IDisposable? _owned;

    private ProgressDisplay(IProgressSink sink, IDisposable? owned)
    {
        Sink = sink;
        _owned = owned;
    }

    public IProgressSink Sink { get; }

    public static ProgressDisplay ForConsole() =>
        Create(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"), CliConsole.Current(), Console.Out);

    public static ProgressDisplay Create(bool outputRedirected, string? term, IAnsiConsole console, TextWriter plainOutput)
    {
        if (!IsInteractiveTerminal(outputRedirected, term))
            return new ProgressDisplay(new PlainProgressSink(plainOutput), null);
        var live = new SpectreProgressSink(console);
        return new ProgressDisplay(live, live);
    }

    public static bool IsInteractiveTerminal(bool outputRedirected, string? term) =>
        !outputRedirected && !string.Equals(term, "dumb", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => _owned?.Dispose();
}
