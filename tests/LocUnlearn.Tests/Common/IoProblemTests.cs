using LocUnlearn.Common;

namespace LocUnlearn.Tests.Common;

/// <summary>File-system errors are said in our words, naming the folder the user chose rather than a temporary in it.</summary>
public sealed class IoProblemTests
{
    [Fact]
    public void ADiskFullNamesTheFolderNotTheTemporaryFile()
    {
        var e = new IOException("No space left on device : '/runs/r/data.31826.tmp/forget01.json.31826.tmp'", 28);

        Assert.Equal("/runs/r: no space left on the device. Free space (df -h shows where) and run the same command again; finished work is kept.",
            IoProblem.Describe(e));
    }

    [Fact]
    public void AReadOnlyFileSystemIsSaidAsSuch()
    {
        var e = new IOException("Read-only file system : '/mnt/ro/run'", 30);

        Assert.Equal("/mnt/ro/run: the file system is read-only. Use a folder on a writable disk (or remount it read-write); nothing could be " +
                     "written there.", IoProblem.Describe(e));
        Assert.Equal("Read-only file system", IoProblem.Reason(e));
    }

    [Fact]
    public void PermissionDeniedNamesThePathAndNoOption()
    {
        string message = IoProblem.Describe(new UnauthorizedAccessException("Access to the path '/srv/run/run.lock' is denied."));

        Assert.StartsWith("/srv/run/run.lock: permission denied. Check its permissions (ls -ld)", message);
        Assert.DoesNotContain("--out", message); // report --run gets it too
        var temporary = new UnauthorizedAccessException("Access to the path '/srv/out/eval.json.3907.tmp' is denied.");
        Assert.StartsWith("/srv/out: permission denied.", IoProblem.Describe(temporary));
    }

    [Fact]
    public void OtherErrorsKeepTheSystemsReasonWithoutTheGluedPath()
    {
        var e = new IOException("Too many levels of symbolic links : '/r/x'", 40);

        Assert.StartsWith("/r/x: Too many levels of symbolic links. Check that the path exists", IoProblem.Describe(e));
    }
}
