using LocUnlearn.Reporting;
using LocUnlearn.Jobs;

namespace LocUnlearn.Tests.Jobs;

public sealed class JobLockTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void OnlyOneHolderAtATimeAndReleasedOnDispose()
    {
        string path = Path.Combine(temp.Path, "jobs", "unlearn__seed-0__wga__oracle.lock");
        Assert.False(JobLock.IsHeld(path));
        using (var first = JobLock.TryAcquire(path))
        {
            Assert.NotNull(first);
            Assert.Null(JobLock.TryAcquire(path));
            Assert.True(JobLock.IsHeld(path));
            Assert.Contains($"pid={Environment.ProcessId}", JobLock.Holder(path));
        }
        Assert.False(JobLock.IsHeld(path));
        using var again = JobLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public void AJobLockThatCannotBeOpenedIsAnErrorNotAnotherWorker()
    {
        string path = Path.Combine(temp.Path, "jobs", "retain.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, path); // ELOOP, like EROFS: no worker holds it

        var e = Assert.ThrowsAny<IOException>(() => JobLock.TryAcquire(path));

        Assert.Contains("symbolic links", e.Message);
    }
}
