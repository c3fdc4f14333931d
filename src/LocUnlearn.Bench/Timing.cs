using System.Diagnostics;

namespace LocUnlearn.Bench;

/// <summary>Wall-clock timing: warm-up runs (allocator, thread pool and JIT settle) are discarded, the median of the
/// rest is reported because the shared 2-core machines have load spikes that a mean would absorb.</summary>
public static class Timing
{
    /// <summary>Seconds of each measured run of <paramref name="work"/>.</summary>
    public static double[] Runs(Action work, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
            work();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            work();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return seconds;
    }

    /// <summary>Seconds of <paramref name="first"/> and of <paramref name="second"/> run back to back, per measured
    /// repetition: a ratio of a pair is steadier under drifting load than a ratio of two separate medians.</summary>
    public static (double First, double Second)[] PairedRuns(Action first, Action second, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
        {
            first();
            second();
        }
        return Enumerable.Range(0, repeats).Select(_ => (Runs(first, 0, 1)[0], Runs(second, 0, 1)[0])).ToArray();
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double MedianRun(Action work, int warmup, int repeats) => Median(Runs(work, warmup, repeats));
}
