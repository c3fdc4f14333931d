namespace LocUnlearn.Jobs;

/// <summary>Exit codes of `locunlearn job`, which executors read.</summary>
public static class JobExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int DependencyMissing = 3;
    /// <summary>Another worker holds the job (EX_TEMPFAIL).</summary>
    public const int Busy = 75;
}
