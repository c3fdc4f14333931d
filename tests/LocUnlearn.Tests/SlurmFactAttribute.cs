namespace LocUnlearn.Tests;

/// <summary>
/// A test against a real Slurm (`.ci/slurm-up` starts a single-node cluster; docs/slurm-testing.md). Skipped unless
/// LOCUNLEARN_SLURM=1; run with `LOCUNLEARN_SLURM=1 dotnet test --filter Category=Slurm` (what .ci/run does).
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LOCUNLEARN_SLURM") != "1")
            Skip = "Slurm test: start a cluster with .ci/slurm-up and set LOCUNLEARN_SLURM=1 (see docs/slurm-testing.md)";
    }
}
