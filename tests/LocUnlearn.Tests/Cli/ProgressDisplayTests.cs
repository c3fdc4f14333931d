using LocUnlearn.Cli.Progress;
using LocUnlearn.Experiments.Reporting.Progress;
using LocUnlearn.Experiments.Reporting.Tables;
using Spectre.Console;

namespace LocUnlearn.Tests.Cli;

public class ProgressDisplayTests
{
    [Theory]
    [InlineData(false, "xterm-256color", true)]
    [InlineData(false, null, true)]
    [InlineData(true, "xterm-256color", false)]
    [InlineData(false, "dumb", false)]
    public void LiveBarsOnlyOnAnInteractiveTerminal(bool redirected, string? term, bool interactive)
    {
        Assert.Equal(interactive, ProgressDisplay.IsInteractiveTerminal(redirected, term));
    }

    [Fact]
    public void RedirectedOutputGetsPlainLines()
    {
        var plain = new StringWriter();
        using ProgressDisplay display = ProgressDisplay.Create(true, "xterm", PlainConsole(new StringWriter()), plain);
        Assert.IsType<PlainProgressSink>(display.Sink);
        display.Sink.Log("hello");
        Assert.EndsWith("hello" + Environment.NewLine, plain.ToString());
    }

    [Fact]
    public void SpectreSinkRunsTasksAndLogsOnANonInteractiveConsole()
    {
        var output = new StringWriter();
        using (var sink = new SpectreProgressSink(PlainConsole(output)))
        {
            using IProgressTask task = sink.Start("unlearn", "wga [oracle] seed 1", 4);
            task.Advance(2);
            task.SetDescription("wga [oracle] seed 1 (eval)");
            sink.Log("a [bracketed] message");
            task.Advance(2);
        }

        Assert.Contains("a [bracketed] message", output.ToString());
    }

    [Fact]
    public void ResultsTableShowsHeadersAndCellsVerbatim()
    {
        var output = new StringWriter();
        var table = new LocUnlearn.Experiments.Reporting.Tables.Table(
                new LocUnlearn.Experiments.Reporting.Tables.TableColumn("Method"),
                new LocUnlearn.Experiments.Reporting.Tables.TableColumn("AUES [R]", ColumnAlignment.Right))
            .AddRow("WGA", "0.593 ± 0.012");
        ResultsTableView.Print(PlainConsole(output), table, "Oracle vs Random");
        string text = output.ToString();
        Assert.Contains("AUES [R]", text);
        Assert.Contains("0.593 ± 0.012", text);
        Assert.Contains("Oracle vs Random", text);
    }

    private static IAnsiConsole PlainConsole(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    });
}
