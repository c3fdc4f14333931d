using LocUnlearn.Common;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>The run directory's jobs/ folder: locks, failure notes and logs of workers (docs/jobs.md).</summary>
public static class JobFiles
{
    public static string Dir(RunLayout layout) => Path.Combine(layout.Root, "jobs");
    public static string FailedFile(RunLayout layout, PlannedJob job) => Path.Combine(Dir(layout), job.FileStem + ".failed");
    public static string LogFile(RunLayout layout, PlannedJob job) => Path.Combine(Dir(layout), job.FileStem + ".log");

    public static void MarkFailed(RunLayout layout, PlannedJob job, string message) =>
        AtomicFile.WriteAllText(FailedFile(layout, job), $"{DateTime.UtcNow:O} {message}\n");

    public static void ClearFailed(RunLayout layout, PlannedJob job) => File.Delete(FailedFile(layout, job));
}
