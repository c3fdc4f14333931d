namespace LocUnlearn.Common;

/// <summary>A write that would not fit on its disk, refused before anything is written.</summary>
public sealed class DiskSpaceException(string message) : IOException(message);

/// <summary>Checks free space before large writes (model folders): a full disk found halfway through a checkpoint costs
/// the stage; found before, it costs nothing.</summary>
public static class DiskSpace
{
    /// <summary>Margin kept free beside the file itself (records, logs, the temporary's rename).</summary>
    private const long Margin = 64L << 20;

    public static void Require(string dir, long bytes, string what)
    {
        long? free = Free(dir);
        if (free is { } available && available < bytes + Margin)
            throw new DiskSpaceException(Refusal(dir, bytes, available, what));
    }

    /// <summary>The refusal, with the margin said: for a small model "needs 0.00 GiB but the disk has 0.00 GiB free" read as
    /// a contradiction.</summary>
    public static string Refusal(string dir, long bytes, long available, string what) =>
        $"{dir}: {what} needs {Size(bytes)}, plus {Size(Margin)} kept free for records and logs, but the disk has {Size(available)} free. " +
        "Free space (df -h), or choose another --out on a larger disk; finished work is kept, so the same command continues.";

    /// <summary>A size in the largest binary unit it fills (KiB, MiB or GiB).</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        _ => $"{bytes / 1024.0:F1} KiB",
    };

    /// <summary>Free bytes on the file system holding <paramref name="dir"/>, or null when it cannot be read.</summary>
    public static long? Free(string dir)
    {
        try
        {
            var existing = new DirectoryInfo(Path.GetFullPath(dir));
            while (!existing.Exists && existing.Parent is not null)
                existing = existing.Parent;
            return new DriveInfo(existing.FullName).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
