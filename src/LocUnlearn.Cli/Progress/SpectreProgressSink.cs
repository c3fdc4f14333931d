using System.Diagnostics;
using LocUnlearn.Common.Progress;
using Spectre.Console;

namespace LocUnlearn.Cli.Progress;

/// <summary>
/// A live Spectre.Console display: one bar per task with stage, description, step/total, percentage and ETA.
/// <see cref="Log"/> writes above the bars (Spectre's progress renderer is a render hook, so console output
/// during it is placed correctly).
/// <para>
/// The display is redrawn from the calling thread (at most every <see cref="RefreshInterval"/>), never from a
/// refresh thread of its own: TorchSharp passes the native handle of temporary <c>Scalar</c>s (every
/// <c>tensor + 1.0</c>, every <c>add</c>'s implicit alpha) to libtorch without keeping the managed object alive,
/// so a garbage collection started by another allocating thread while a torch call runs can finalize the scalar
/// under it (seen here as "Expected false to be true ... toFloat", and possible silently as a wrong value).
/// With all allocation on the thread that calls torch, no collection can start during a native call.
/// </para>
/// </summary>
public sealed class SpectreProgressSink : IProgressSink, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressContext _context;
    // Spectre's ProgressContext is not documented as thread-safe; task creation from several runs is serialized.
    private readonly object _lock = new();
    private long _lastRefresh = long.MinValue;

    /// <summary>Minimum time between two redraws triggered by progress updates.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    public SpectreProgressSink(IAnsiConsole console)
    {
        _console = console;
        var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = console.Progress()
            .AutoRefresh(false)
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
            Refresh(force: true);
            return new SpectreTask(task, stage, this);
        }
    }

    public void Log(string message)
    {
        _console.MarkupLine($"[grey]{DateTime.UtcNow:HH:mm:ss}[/] {Markup.Escape(message)}");
        Refresh(force: true);
    }

    private void Refresh(bool force)
    {
        lock (_lock)
        {
            long now = Stopwatch.GetTimestamp();
            if (!force && _lastRefresh != long.MinValue && Stopwatch.GetElapsedTime(_lastRefresh, now) < RefreshInterval)
                return;
            _lastRefresh = now;
            _context.Refresh();
        }
    }

    /// <summary>Ends the live display, leaving the final state of every bar on screen.</summary>
    public void Dispose()
    {
        _finished.TrySetResult();
        _display.GetAwaiter().GetResult();
    }

    private static string Describe(string stage, string description) =>
        $"[bold]{Markup.Escape(stage)}[/] {Markup.Escape(description)}";

    private sealed class SpectreTask(ProgressTask task, string stage, SpectreProgressSink sink) : IProgressTask
    {
        public void Advance(long n = 1)
        {
            // Spectre clamps Value to MaxValue; with an unknown total the maximum follows the count so the step
            // column shows how many units are done.
            if (task.IsIndeterminate)
                task.MaxValue = Math.Max(task.MaxValue, task.Value + n);
            task.Increment(n);
            sink.Refresh(force: false);
        }

        public void SetDescription(string description)
        {
            task.Description = Describe(stage, description);
            sink.Refresh(force: false);
        }

        public void Complete()
        {
            if (task.IsFinished)
                return;
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
            sink.Refresh(force: true);
        }

        public void Dispose() => Complete();
    }
}
