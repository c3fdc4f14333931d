using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace LocUnlearn.Common;

/// <summary>One file a unit wrote, as its record lists it: size and a 128-bit content hash (XXH128).</summary>
public sealed record OutputFile(long Size, string Xxh128);

/// <summary>
/// The files a stage or run wrote, listed in its record so that finished work is verified before it is reused: a file
/// that is missing, truncated or changed (a flipped bit in a model) makes the unit run again instead of being used
/// silently. XXH128 reads at memory speed, so checking an 8B model costs about a disk read, not a SHA-256 pass.
/// </summary>
public static class OutputFiles
{
    /// <summary>Every file under <paramref name="dir"/> (relative paths, '/' separated) but the named ones and temporaries.</summary>
    public static Dictionary<string, OutputFile> Capture(string dir, params string[] except)
    {
        var files = new Dictionary<string, OutputFile>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(dir, path).Replace('\\', '/');
            if (except.Contains(relative) || AtomicFile.IsTemporary(Path.GetFileName(path)))
                continue;
            files[relative] = Of(path);
        }
        return files;
    }

    /// <summary>Why the listed files no longer are what was written (the first difference), or null when all match.</summary>
    public static string? FirstMismatch(string dir, IReadOnlyDictionary<string, OutputFile> outputs)
    {
        foreach (var (relative, expected) in outputs)
        {
            string path = Path.Combine(dir, relative);
            if (!File.Exists(path))
                return $"{relative} is missing";
            long size = new FileInfo(path).Length;
            if (size != expected.Size)
                return $"{relative} has {size} bytes, {expected.Size} were written";
            if (Of(path).Xxh128 != expected.Xxh128)
                return $"{relative} changed since it was written (its content hash differs)";
        }
        return null;
    }

    /// <summary>One hash of all the listed files (what downstream units depend on).</summary>
    public static string Digest(IReadOnlyDictionary<string, OutputFile> outputs)
    {
        var text = new StringBuilder();
        foreach (var (relative, file) in outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(relative).Append(' ').Append(file.Size).Append(' ').Append(file.Xxh128).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant()[..16];
    }

    public static OutputFile Of(string path)
    {
        var hash = new XxHash128();
        using var stream = File.OpenRead(path);
        hash.Append(stream);
        return new OutputFile(stream.Length, Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant());
    }
}
