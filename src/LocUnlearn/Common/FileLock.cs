namespace LocUnlearn.Common;

/// <summary>
/// An exclusive lock on a file, held for as long as the process keeps it: .NET takes an OS advisory lock (flock) for
/// <see cref="FileShare.None"/> on Unix, which the kernel drops when the process dies, so a killed process never leaves
/// a stale lock. Who holds it (host, pid, what, since) goes to a .holder file beside it (a locked file cannot be read
/// by another process).
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static FileLock? TryAcquire(string path, string what = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
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
        string command = what.Length > 0 ? $" command=\"{what}\"" : "";
        File.WriteAllText(HolderFile(path), $"host={Environment.MachineName} pid={Environment.ProcessId}{slurm}{command} since={DateTime.UtcNow:O}\n");
        return new FileLock(stream);
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

    public static string HolderFile(string lockPath) => Path.ChangeExtension(lockPath, ".holder");

    public void Dispose() => stream.Dispose();
}
