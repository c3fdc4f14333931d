using LocUnlearn.Common;
using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>
/// jobs/ID.lock (a <see cref="FileLock"/>), held for as long as a worker runs the job: two workers that start the same
/// job cannot both hold it, and a killed worker leaves no stale lock. Workers never take the run directory's lock
/// (<see cref="RunLock"/>): the coordinator that started them holds it.
/// </summary>
public static class JobLock
{
    public static string PathFor(RunLayout layout, PlannedJob job) => Path.Combine(JobFiles.Dir(layout), job.FileStem + ".lock");

    public static FileLock? TryAcquire(string path) => FileLock.TryAcquire(path);

    public static bool IsHeld(string path) => FileLock.IsHeld(path);

    public static string Holder(string path) => FileLock.Holder(path);
}
