namespace LocUnlearn.Tests;

/// <summary>
/// A heavy end-to-end test (minutes: the quick preset). Skipped unless LOCUNLEARN_E2E=1, so the default `dotnet test`
/// stays fast; run them with `LOCUNLEARN_E2E=1 dotnet test --filter Category=EndToEnd`.
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LOCUNLEARN_E2E") != "1")
            Skip = "end-to-end test: set LOCUNLEARN_E2E=1 (see README, Tests)";
    }
}
