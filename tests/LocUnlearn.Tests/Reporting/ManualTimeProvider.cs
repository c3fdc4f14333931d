using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
namespace LocUnlearn.Tests.Reporting;

/// <summary>A clock the test moves by hand, so rate limiting and ETA are deterministic.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
