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
    public void ALockFileThatCannotBeOpenedIsNotABusyDirectory()
    {
        // A read-only file system or no permission used to read as "in use" (exit 75), naming a long-dead holder.
        // A link to itself fails the open with ELOOP, an I/O error other than a held lock, as EROFS does.
        string run = Path.Combine(temp.Path, "run");
        RunSetup.Prepare(run, Presets.Get("tiny"), force: false).Dispose();
        string lockFile = Path.Combine(run, RunLock.FileName);
        File.Delete(lockFile);
        File.CreateSymbolicLink(lockFile, lockFile);

        var e = Assert.Throws<RunDirectoryException>(() => RunSetup.Prepare(run, Presets.Get("tiny"), force: false));

        Assert.StartsWith($"{run}: cannot open its lock file run.lock (Too many levels of symbolic links).", e.Message);
        Assert.Contains("nothing was changed", e.Message);
        Assert.DoesNotContain("in use", e.Message);
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

        Assert.Contains("not a LocUnlearn run directory: it holds data, notes.txt but no config.json of a run", e.Message);
        Assert.Equal(["data", "notes.txt"], Directory.EnumerateFileSystemEntries(mine).Select(Path.GetFileName).Order());
        Assert.Contains("is a file", Assert.Throws<ArgumentException>(() => RunSetup.Prepare(Path.Combine(mine, "notes.txt"), Presets.Get("tiny"), false)).Message);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("seeds")]
    [InlineData("stages")]
    [InlineData("results")]
    [InlineData("jobs")]
    public void AFolderHoldingOnlyEntriesNamedLikeARunsIsNotARunDirectory(string entry)
    {
        // The issue's own case: a user's folder with only data/ in it was taken for a run and data/ replaced.
        string mine = Path.Combine(temp.Path, "mine");
        Directory.CreateDirectory(Path.Combine(mine, entry));
        File.WriteAllText(Path.Combine(mine, entry, "f.txt"), "keep");

        var e = Assert.Throws<ArgumentException>(() => RunSetup.Prepare(mine, Presets.Get("tiny"), force: true));

        Assert.Contains($"--out: {mine} is not a LocUnlearn run directory: it holds {entry} but no config.json of a run", e.Message);
        Assert.Contains("give a new path or an empty folder (nothing was changed)", e.Message);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(mine, entry, "f.txt")));
        Assert.Equal([entry], Directory.EnumerateFileSystemEntries(mine).Select(Path.GetFileName));
    }

    [Fact]
    public void AnotherToolsConfigJsonDoesNotMakeARunDirectory()
    {
        string model = Path.Combine(temp.Path, "model");
        Directory.CreateDirectory(Path.Combine(model, "data"));
        File.WriteAllText(Path.Combine(model, "config.json"), """{"architectures": ["LlamaForCausalLM"]}""");

        var e = Assert.Throws<ArgumentException>(() => RunSetup.Prepare(model, Presets.Get("tiny"), force: true));

        Assert.Contains("it holds config.json, data but no config.json of a run", e.Message);
        Assert.Equal("""{"architectures": ["LlamaForCausalLM"]}""", File.ReadAllText(Path.Combine(model, "config.json")));
    }

    [Fact]
    public void AStartInterruptedBeforeConfigJsonIsTakenAgain()
    {
        // Killed between taking the lock and writing config.json: run.lock and run.holder are all there is.
        string run = Path.Combine(temp.Path, "run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, RunLock.FileName), "");
        File.WriteAllText(Path.Combine(run, "run.holder"), "host=x pid=1");
        File.WriteAllText(Path.Combine(run, AtomicFileName("config.json")), "{");

        RunSetup.Prepare(run, Presets.Get("tiny"), force: false).Dispose();

        Assert.True(File.Exists(Path.Combine(run, "config.json")));
        RunSetup.Prepare(run, Presets.Get("tiny"), force: false).Dispose(); // now a run of ours, resumed
    }

    private static string AtomicFileName(string name) => Path.GetFileName(LocUnlearn.Common.AtomicFile.TemporaryFor(name));

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
