using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Reporting;

public class PlainProgressSinkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PrintsStartRateLimitedStatusWithEtaAndCompletion()
    {
        var clock = new ManualTimeProvider(T0);
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, TimeSpan.FromSeconds(10), clock);

        using (IProgressTask task = sink.Start("unlearn", "wga oracle seed 1", 100))
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            task.Advance(10); // within the interval: silent
            clock.Advance(TimeSpan.FromSeconds(5));
            task.Advance(15); // 25 done in 10 s: 2.5/s, 75 left: 30 s
            clock.Advance(TimeSpan.FromSeconds(2));
            task.Advance(75); // silent again
            sink.Log("checkpoint written");
            clock.Advance(TimeSpan.FromSeconds(28));
            task.Complete();
        } // Dispose after Complete prints nothing more

        string[] expected =
        [
            "2026-01-01T00:00:00Z [unlearn] wga oracle seed 1: started (100 total)",
            "2026-01-01T00:00:10Z [unlearn] wga oracle seed 1: 25/100 (25%), 2.50/s, ETA 00:00:30",
            "2026-01-01T00:00:12Z checkpoint written",
            "2026-01-01T00:00:40Z [unlearn] wga oracle seed 1: done 100/100 in 00:00:40",
        ];
        Assert.Equal(expected, Lines(output));
    }

    [Fact]
    public void UnknownTotalShowsCountAndRateOnlyAndDisposeCompletes()
    {
        var clock = new ManualTimeProvider(T0);
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, TimeSpan.FromSeconds(1), clock);

        using (IProgressTask task = sink.Start("evaluate", "forget set", 0))
        {
            clock.Advance(TimeSpan.FromSeconds(4));
            task.SetDescription("forget set (ES)");
            task.Advance(2);
        }

        string[] expected =
        [
            "2026-01-01T00:00:00Z [evaluate] forget set: started",
            "2026-01-01T00:00:04Z [evaluate] forget set (ES): 2, 0.50/s",
            "2026-01-01T00:00:04Z [evaluate] forget set (ES): done 2 in 00:00:04",
        ];
        Assert.Equal(expected, Lines(output));
    }

    [Fact]
    public void DurationsBeyondADayStayInHours()
    {
        var clock = new ManualTimeProvider(T0);
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, TimeSpan.FromSeconds(1), clock);
        IProgressTask task = sink.Start("theta_o", "inject", 10);
        clock.Advance(TimeSpan.FromHours(26) + TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(4));
        task.Complete();
        Assert.EndsWith("done 0/10 in 26:03:04", Lines(output)[^1]);
    }

    [Fact]
    public void NullSinkAcceptsEverything()
    {
        IProgressSink sink = NullProgressSink.Instance;
        using IProgressTask task = sink.Start("s", "d", 3);
        task.Advance(3);
        task.SetDescription("e");
        task.Complete();
        sink.Log("ignored");
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
