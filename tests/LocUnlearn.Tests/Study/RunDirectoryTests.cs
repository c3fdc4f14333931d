using LocUnlearn.Config;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Tests.Study;

/// <summary>The run directory is one process's, is never a user's folder, and a reset never leaves it.</summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ASecondProcessIsRefusedWhileTheFirstHoldsTheDirectory()
    {
        string dir = Path.Combine(temp.Path, "run");
        using (var first = RunSetup.Prepare(dir, Presets.Get("tiny"), force: false, "locunlearn run"))
        {
            var e = Assert.Throws<RunDirectoryBusyException>(() => RunSetup.Prepare(dir, Presets.Get("tiny"), force: false));
            Assert.Contains($"pid={Environment.ProcessId}", e.Message);
            Assert.Contains("command=\"locunlearn run\"", e.Message);
            Assert.Contains("nothing was changed", e.Message);
            Assert.Equal(75, RunDirectoryBusyException.ExitCode);
        }
        RunSetup.Prepare(dir, Presets.Get("tiny"), force: false).Dispose(); // released with the first
    }

    [Fact]
    public void ASlurmGraphHoldsTheDirectoryWhileSlurmKnowsItsJobs()
    {
        var layout = new RunLayout(temp.Path);
        using (var held = RunLock.Acquire(layout, "submit"))
            held.HandOverToSlurm(["101", "102"]);
        Assert.Throws<RunDirectoryBusyException>(() => RunLock.Acquire(layout, "run", ids => ids.Contains("102")));
        RunLock.Acquire(layout, "run", _ => false).Dispose(); // Slurm no longer knows them: found dead
        RunLock.ReleaseSlurm(layout);
        Assert.Null(RunLock.SubmittedJobs(layout));
    }

    [Fact]
    public void AFolderThatIsNotARunDirectoryIsRefusedAndLeftAsItWas()
    {
        string mine = Path.Combine(temp.Path, "mine");
        Directory.CreateDirectory(Path.Combine(mine, "data"));
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "keep");

        var e = Assert.Throws<ArgumentException>(() => RunSetup.Prepare(mine, Presets.Get("tiny"), force: false));

        Assert.Contains("not a LocUnlearn run directory: it holds notes.txt", e.Message);
        Assert.Equal(["data", "notes.txt"], Directory.EnumerateFileSystemEntries(mine).Select(Path.GetFileName).Order());
        Assert.Contains("is a file", Assert.Throws<ArgumentException>(() => RunSetup.Prepare(Path.Combine(mine, "notes.txt"), Presets.Get("tiny"), false)).Message);
    }

    [Fact]
    public void AResetNeverFollowsALinkOutOfTheRunDirectory()
    {
        string run = Path.Combine(temp.Path, "run"), outside = Path.Combine(temp.Path, "outside");
        RunSetup.Prepare(run, Presets.Get("tiny"), force: false).Dispose();
        Directory.CreateDirectory(Path.Combine(outside, "unlearn", "npo-oracle"));
        File.WriteAllText(Path.Combine(outside, "unlearn", "npo-oracle", "precious.txt"), "keep");
        Directory.CreateDirectory(Path.Combine(run, "seeds"));
        Directory.CreateSymbolicLink(Path.Combine(run, "seeds", "seed-1"), outside);

        var e = Assert.Throws<RunDirectoryException>(() => StageStore.Reset(Path.Combine(run, "seeds", "seed-1", "unlearn", "npo-oracle")));

        Assert.Contains("is a symbolic link", e.Message);
        Assert.True(File.Exists(Path.Combine(outside, "unlearn", "npo-oracle", "precious.txt")));
        StageStore.Reset(Path.Combine(run, "seeds", "seed-0", "unlearn", "npo-oracle")); // a real folder is fine
    }
}
