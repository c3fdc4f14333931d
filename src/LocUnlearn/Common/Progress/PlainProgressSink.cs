using System.Globalization;

namespace LocUnlearn.Common.Progress;

/// <summary>
/// Progress as timestamped lines, for output that is not an interactive terminal (CI logs, files):
/// <c>2026-11-29T01:50:03Z [unlearn] wga oracle seed 1: 120/500 (24%), 3.10/s, ETA 00:02:03</c>.
/// Each task prints when it starts and completes, and in between at most once per
/// <see cref="MinInterval"/>, so a log stays readable at thousands of steps.
/// </summary>
public sealed class PlainProgressSink : IProgressSink
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly object _lock = new();

    public PlainProgressSink(TextWriter writer, TimeSpan? minInterval = null, TimeProvider? time = null)
    {
        _writer = writer;
        _time = time ?? TimeProvider.System;
        MinInterval = minInterval ?? TimeSpan.FromSeconds(10);
    }

    public TimeSpan MinInterval { get; }

    public IProgressTask Start(string stage, string description, long total)
    {
        var task = new PlainTask(this, stage, description, total, _time.GetUtcNow());
        Write($"[{stage}] {description}: started" + (total > 0 ? FormattableString.Invariant($" ({total} total)") : ""));
        return task;
    }

    public void Log(string message) => Write(message);

    private void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(_time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + " " + line);
            _writer.Flush();
        }
    }

    private sealed class PlainTask : IProgressTask
    {
        private readonly PlainProgressSink _sink;
        private readonly string _stage;
        private readonly long _total;
        private readonly DateTimeOffset _started;
        private readonly object _lock = new();
        private string _description;
        private DateTimeOffset _lastPrinted;
        private long _done;
        private bool _completed;

        public PlainTask(PlainProgressSink sink, string stage, string description, long total, DateTimeOffset started)
        {
            _sink = sink;
            _stage = stage;
            _description = description;
            _total = total;
            _started = started;
            _lastPrinted = started;
        }

        public void Advance(long n = 1)
        {
            string line;
            lock (_lock)
            {
                if (_completed)
                    return;
                _done += n;
                DateTimeOffset now = _sink._time.GetUtcNow();
                if (now - _lastPrinted < _sink.MinInterval)
                    return;
                _lastPrinted = now;
                line = Status(now);
            }

            _sink.Write(line);
        }

        public void SetDescription(string description)
        {
            lock (_lock)
                _description = description;
        }

        public void Complete()
        {
            string line;
            lock (_lock)
            {
                if (_completed)
                    return;
                _completed = true;
                TimeSpan elapsed = _sink._time.GetUtcNow() - _started;
                string count = _total > 0 ? Invariant($"{_done}/{_total}") : Invariant($"{_done}");
                line = $"[{_stage}] {_description}: done {count} in {Duration(elapsed)}";
            }

            _sink.Write(line);
        }

        public void Dispose() => Complete();

        private string Status(DateTimeOffset now)
        {
            double seconds = (now - _started).TotalSeconds;
            double rate = seconds > 0 ? _done / seconds : 0;
            string text = $"[{_stage}] {_description}: ";
            if (_total <= 0)
                return text + Invariant($"{_done}, {rate:F2}/s");
            text += Invariant($"{_done}/{_total} ({100.0 * _done / _total:F0}%), {rate:F2}/s");
            return rate > 0 && _done < _total
                ? text + ", ETA " + Duration(TimeSpan.FromSeconds((_total - _done) / rate))
                : text;
        }

        // Hours can exceed 24 in a long run, which TimeSpan's "c" format would print as days.
        private static string Duration(TimeSpan span) =>
            Invariant($"{(int)span.TotalHours:00}:{span.Minutes:00}:{span.Seconds:00}");

        private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
    }
}
