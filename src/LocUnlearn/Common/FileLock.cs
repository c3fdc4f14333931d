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

    /// <summary>
    /// The lock, or null when another process holds it. Any other failure to open the lock file (a read-only file
    /// system, no permission, a full disk) is thrown as it is: reporting it as "held" would send the user waiting for
    /// a process that does not exist.
    /// </summary>
    public static FileLock? TryAcquire(string path, string what = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return null;
        }
        string slurm = Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { } id ? $" slurm_job={id}" : "";
        string command = what.Length > 0 ? $" command=\"{what}\"" : "";
        try
        {
            File.WriteAllText(HolderFile(path), $"host={Environment.MachineName} pid={Environment.ProcessId}{slurm}{command} since={DateTime.UtcNow:O}\n");
        }
        catch
        {
            stream.Dispose(); // e.g. a full disk: the caller gets the error, not a lock it cannot release
            throw;
        }
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
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return true;
        }
    }

    /// <summary>
    /// The one failure that means "another process holds it": .NET turns flock's EWOULDBLOCK into an IOException whose
    /// HResult is that errno (11 on Linux, 35 on macOS); on Windows it is a sharing or lock violation.
    /// </summary>
    private static bool IsHeldByAnother(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

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
