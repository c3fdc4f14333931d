using System.Text;

namespace LocUnlearn.Common;

/// <summary>
/// The one way this tool writes a file: into a temporary sibling, then a rename over the target, so a crash never
/// leaves a half-written file that looks complete (STYLE: every stage writes atomically). Temporaries are named
/// <c>NAME.PID.tmp</c> (<see cref="TemporaryFor"/>): two processes writing the same file never share one, and every
/// reader that lists a folder skips them (<see cref="IsTemporary"/>).
/// </summary>
public static class AtomicFile
{
    private const string Suffix = ".tmp";

    /// <summary>UTF-8 without a byte-order mark: JSON, CSV and Markdown readers (pandas, GitHub) take it as is.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary => File.WriteAllBytes(temporary, bytes));

    /// <summary>Lets <paramref name="write"/> fill the temporary file (e.g. a safetensors writer), then renames it.</summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = TemporaryFor(full);
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>This process's temporary for <paramref name="path"/> (a file or a folder built before a rename).</summary>
    public static string TemporaryFor(string path) => $"{path}.{Environment.ProcessId}{Suffix}";

    /// <summary>True for a name this class (or an interrupted writer) leaves behind: NAME.PID.tmp.</summary>
    public static bool IsTemporary(string name)
    {
        if (!name.EndsWith(Suffix, StringComparison.Ordinal))
            return false;
        string stem = name[..^Suffix.Length];
        int dot = stem.LastIndexOf('.');
        return dot > 0 && stem[(dot + 1)..].All(char.IsAsciiDigit) && dot + 1 < stem.Length;
    }
}
