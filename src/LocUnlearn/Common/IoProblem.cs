using System.Text.RegularExpressions;

namespace LocUnlearn.Common;

/// <summary>
/// A file-system error in our words: where (the folder, not a temporary file inside it), what the system said, and what
/// to do. .NET's own text is the errno string with the path glued on ("Read-only file system : '/x/run.lock'"), which
/// reads as a fragment in front of our advice.
/// </summary>
public static partial class IoProblem
{
    private const int EnoSpc = 28, ErOfs = 30;

    public static bool IsDiskFull(Exception e) =>
        e.HResult == EnoSpc || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    public static bool IsReadOnly(Exception e) =>
        e.HResult == ErOfs || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);

    /// <summary>One sentence pair: "PLACE: REASON. ADVICE", for any I/O or permission error.</summary>
    public static string Describe(Exception e)
    {
        string? path = PathOf(e);
        return e switch
        {
            UnauthorizedAccessException => $"{Place(path) ?? "a path"}: permission denied. Check its permissions (ls -ld) or use a folder you may write; " +
                                           "finished work is kept, so running again continues.",
            _ when IsDiskFull(e) => $"{Place(path) ?? "the output folder"}: no space left on the device. Free space (df -h shows where) and run " +
                                    "the same command again; finished work is kept.",
            _ when IsReadOnly(e) => $"{Place(path) ?? "the output folder"}: the file system is read-only. Use a folder on a writable disk (or " +
                                    "remount it read-write); nothing could be written there.",
            _ => $"{path ?? "a file"}: {Reason(e)}. Check that the path exists, is writable and has free space; finished work is kept, so " +
                 "running again continues.",
        };
    }

    /// <summary>The system's reason without the path .NET appends, e.g. "Too many levels of symbolic links".</summary>
    public static string Reason(Exception e) => ErrnoText().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : e.Message.TrimEnd('.');

    /// <summary>The path .NET's message names, or null.</summary>
    public static string? PathOf(Exception e) => QuotedPath().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The place to name for a path: the path itself, or the folder holding the outermost of our temporaries
    /// (NAME.PID.tmp) in it, which is what the user asked to be written.</summary>
    public static string? Place(string? path)
    {
        string? place = path;
        for (string? d = path; d is not null; d = Path.GetDirectoryName(d))
            if (AtomicFile.IsTemporary(Path.GetFileName(d)))
                place = Path.GetDirectoryName(d);
        return place;
    }

    [GeneratedRegex(@"^(.*?) : '.*'$", RegexOptions.Singleline)]
    private static partial Regex ErrnoText();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedPath();
}
