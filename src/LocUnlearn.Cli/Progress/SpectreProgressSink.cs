using LocUnlearn.Experiments.Reporting.Progress;
using Spectre.Console;

namespace LocUnlearn.Cli.Progress;

/// <summary>
/// A live Spectre.Console display: one bar per task with stage, description, step/total, percentage and ETA.
/// The display runs for the sink's lifetime on Spectre's own refresh loop; <see cref="Log"/> writes above the
/// bars (Spectre's progress renderer is a render hook, so console output during it is placed correctly).
/// </summary>
public sealed class SpectreProgressSink : IProgressSink, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressContext _context;
    // Spectre's ProgressContext is not documented as thread-safe; task creation from several runs is serialized.
    private readonly object _lock = new();

    public SpectreProgressSink(IAnsiConsole console)
    {
        _console = console;
        var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new StepCountColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                ready.SetResult(context);
                await _finished.Task;
            });
        _context = ready.Task.GetAwaiter().GetResult();
    }

    public IProgressTask Start(string stage, string description, long total)
    {
        lock (_lock)
        {
            ProgressTask task = _context.AddTask(Describe(stage, description), autoStart: true, maxValue: total > 0 ? total : 1);
            task.IsIndeterminate = total <= 0;
            return new SpectreTask(task, stage);
        }
    }

    public void Log(string message) =>
        _console.MarkupLine($"[grey]{DateTime.UtcNow:HH:mm:ss}[/] {Markup.Escape(message)}");

    /// <summary>Ends the live display, leaving the final state of every bar on screen.</summary>
    public void Dispose()
    {
        _finished.TrySetResult();
        _display.GetAwaiter().GetResult();
    }

    private static string Describe(string stage, string description) =>
        $"[bold]{Markup.Escape(stage)}[/] {Markup.Escape(description)}";

    private sealed class SpectreTask(ProgressTask task, string stage) : IProgressTask
    {
        public void Advance(long n = 1)
        {
            // Spectre clamps Value to MaxValue; with an unknown total the maximum follows the count so the step
            // column shows how many units are done.
            if (task.IsIndeterminate)
                task.MaxValue = Math.Max(task.MaxValue, task.Value + n);
            task.Increment(n);
        }

        public void SetDescription(string description) => task.Description = Describe(stage, description);

        public void Complete()
        {
            if (task.IsFinished)
                return;
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }

        public void Dispose() => Complete();
    }
}
