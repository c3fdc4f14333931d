using System.Diagnostics;

namespace LocUnlearn.Study;

/// <summary>Wall time of this process per kind of work, summed over seeds and runs (the manifest's this_invocation,
/// `bench run`).</summary>
public sealed class StageTimings
{
    private readonly Dictionary<string, double> seconds = new();

    public IReadOnlyDictionary<string, double> Seconds => seconds;

    public void Time(string stage, Action work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            work();
        }
        finally
        {
            seconds[stage] = seconds.GetValueOrDefault(stage) + clock.Elapsed.TotalSeconds;
        }
    }
}
