using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Common.Progress;
using LocUnlearn.Reporting.Rendering.Tables;
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
    public void LiveBarsAreDrawnOnlyFromTheThreadThatReportsProgress()
    {
        // TorchSharp's temporary Scalars can be finalized under a running torch call when another thread
        // allocates; the live display must therefore never render from a refresh thread of its own.
        var output = new ThreadRecordingWriter();
        int caller = Environment.CurrentManagedThreadId;
        var sink = new SpectreProgressSink(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        }));
        using (IProgressTask task = sink.Start("inject", "seed 0", 10))
        {
            for (int i = 0; i < 10; i++)
            {
                Thread.Sleep(40); // longer than Spectre's default refresh period of 100 ms in total
                task.Advance();
            }
        }

        int[] writers = output.Threads();
        sink.Dispose(); // the final redraw may come from the display's own continuation
        Assert.NotEmpty(writers);
        Assert.All(writers, id => Assert.Equal(caller, id));
    }

    private sealed class ThreadRecordingWriter : TextWriter
    {
        private readonly List<int> _threads = [];
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => Record();
        public override void Write(string? value) => Record();
        public int[] Threads() { lock (_threads) return [.. _threads.Distinct()]; }
        private void Record() { lock (_threads) _threads.Add(Environment.CurrentManagedThreadId); }
    }

    [Fact]
    public void ResultsTableShowsHeadersAndCellsVerbatim()
    {
        var output = new StringWriter();
        var table = new LocUnlearn.Reporting.Rendering.Tables.Table(
                new LocUnlearn.Reporting.Rendering.Tables.TableColumn("Method"),
                new LocUnlearn.Reporting.Rendering.Tables.TableColumn("AUES [R]", ColumnAlignment.Right))
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
