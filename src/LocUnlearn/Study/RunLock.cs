using System.Text.Json;
using LocUnlearn.Common;

namespace LocUnlearn.Study;

/// <summary>Another process works in the run directory: nothing was changed (exit code 75, like a busy job).</summary>
public sealed class RunDirectoryBusyException(string message) : Exception(message)
{
    public const int ExitCode = 75;
}

/// <summary>
/// The run directory's lock (run.lock, a <see cref="FileLock"/>), held by the one process that owns the run: the
/// inline `run`, `stage`, `report`, `plan`, or the local executor's coordinator (its workers and report job run under it
/// and never take it). A second process is refused with who holds it and since when, before it writes anything. With
/// the Slurm executor the submitting process hands the lock to the submitted graph (run.slurm.json lists its job ids):
/// it counts as held while any of those jobs is still known to Slurm, and the report job releases it.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";
    public const string SlurmFileName = "run.slurm.json";

    private readonly FileLock held;
    private readonly RunLayout layout;

    private RunLock(FileLock held, RunLayout layout)
    {
        this.held = held;
        this.layout = layout;
    }

    /// <param name="what">the command, for the message a second process gets</param>
    /// <param name="slurmAlive">asks Slurm which of a submitted graph's job ids still exist (null: no Slurm here)</param>
    public static RunLock Acquire(RunLayout layout, string what, Func<IReadOnlyList<string>, bool>? slurmAlive = null)
    {
        string path = Path.Combine(layout.Root, FileName);
        var held = TryAcquire(layout, path, what)
                   ?? throw new RunDirectoryBusyException($"{layout.Root}: this run directory is in use ({FileLock.Holder(path)}). " +
                                                          "Wait for that process to finish (or stop it), then run again; nothing was changed.");
        if (SubmittedJobs(layout) is { Count: > 0 } jobs && (slurmAlive?.Invoke(jobs) ?? false))
        {
            held.Dispose();
            throw new RunDirectoryBusyException($"{layout.Root}: this run directory belongs to the Slurm jobs {string.Join(", ", jobs)} " +
                                                "submitted earlier, some of which are still queued or running (`squeue`; `locunlearn status --run DIR`). " +
                                                "Wait for them or cancel them (`scancel`), then run again; nothing was changed.");
        }
        return new RunLock(held, layout);
    }

    /// <summary>The lock, or null when another process holds it; failing to open run.lock at all (a read-only file system,
    /// no permission) is said as such, naming the run directory.</summary>
    private static FileLock? TryAcquire(RunLayout layout, string path, string what)
    {
        try
        {
            return FileLock.TryAcquire(path, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string problem = e is UnauthorizedAccessException ? "permission denied"
                : IoProblem.IsReadOnly(e) ? "the file system is read-only" : IoProblem.Reason(e);
            throw new RunDirectoryException(
                $"{layout.Root}: cannot open its lock file {FileName} ({problem}). Every command that works on a run directory writes " +
                "there: copy the run directory to a writable folder you own (or fix the permissions, remount read-write) and run again " +
                "there; nothing was changed.");
        }
    }

    /// <summary>The Slurm jobs that now own the run directory (the submitting process then ends).</summary>
    public void HandOverToSlurm(IEnumerable<string> jobIds) =>
        AtomicFile.WriteAllText(Path.Combine(layout.Root, SlurmFileName), JsonSerializer.Serialize(jobIds.ToList()));

    /// <summary>The graph's last job (the report) gives the directory back.</summary>
    public static void ReleaseSlurm(RunLayout layout) => File.Delete(Path.Combine(layout.Root, SlurmFileName));

    public static IReadOnlyList<string>? SubmittedJobs(RunLayout layout)
    {
        string path = Path.Combine(layout.Root, SlurmFileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null; // unreadable: no graph holds it
        }
    }

    public void Dispose() => held.Dispose();
}
