using LocUnlearn.Study;
namespace LocUnlearn.Jobs;

/// <summary>
/// jobs/ID.lock, held open with an exclusive lock for as long as a worker runs the job. .NET takes an OS advisory
/// lock (flock) for <see cref="FileShare.None"/> on Unix, which the kernel drops when the process dies: a killed
/// worker never leaves a stale lock, and two workers that start the same job cannot both hold it.
/// Who holds it (host, pid, Slurm job) goes to jobs/ID.holder beside it (a locked file cannot be read by another
/// process), for `locunlearn status`.
/// </summary>
public sealed class JobLock : IDisposable
{
    private readonly FileStream stream;

    private JobLock(FileStream stream) => this.stream = stream;

    public static string PathFor(RunLayout layout, PlannedJob job) => Path.Combine(JobFiles.Dir(layout), job.FileStem + ".lock");

    /// <summary>The lock, or null when another process holds it.</summary>
    public static JobLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        string slurm = Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { } id ? $" slurm_job={id}" : "";
        File.WriteAllText(HolderFile(path), $"host={Environment.MachineName} pid={Environment.ProcessId}{slurm} since={DateTime.UtcNow:O}\n");
        return new JobLock(stream);
    }

    /// <summary>Whether some process holds the lock now (probes with a shared lock taken and released at once).</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Who holds (or last held) the lock.</summary>
    public static string Holder(string path)
    {
        try
        {
            return File.ReadAllText(HolderFile(path)).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string HolderFile(string lockPath) => Path.ChangeExtension(lockPath, ".holder");

    public void Dispose() => stream.Dispose();
}
