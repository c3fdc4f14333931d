using System.Text;
using System.Text.Unicode;

namespace LocUnlearn.Common;

/// <summary>
/// Strict UTF-8 for the files users hand us, and positions in them for messages. .NET's decoders replace an invalid
/// byte with U+FFFD without a word (a Latin-1 'é' in a TOFU answer silently changes the text the model is scored on),
/// and System.Text.Json only notices invalid bytes inside strings when a string is read, so every file is checked whole
/// before it is parsed.
/// </summary>
public static class Utf8Text
{
    /// <summary>The byte-order mark some editors write; skipped, it is not content.</summary>
    public static int BomLength(ReadOnlySpan<byte> file) => file.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;

    /// <summary>Throws <paramref name="error"/>(message) naming the line and byte offset of the first invalid sequence.</summary>
    public static void Require(ReadOnlySpan<byte> file, string source, Func<string, Exception> error)
    {
        if (Utf8.IsValid(file))
            return;
        int offset = FirstInvalid(file);
        int length = Math.Min(3, file.Length - offset);
        string bytes = string.Join(' ', file.Slice(offset, length).ToArray().Select(b => $"0x{b:X2}"));
        throw error(
            $"{source} line {LineOf(file, offset)}, byte offset {offset}: invalid UTF-8 (bytes {bytes}); the file must be UTF-8 " +
            "encoded. Convert it (e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`) or fix the bytes there.");
    }

    /// <summary>Decodes bytes that <see cref="Require"/> accepted (no replacement characters can appear).</summary>
    public static string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>1-based line of a byte offset.</summary>
    public static int LineOf(ReadOnlySpan<byte> file, int offset) => file[..offset].Count((byte)'\n') + 1;

    /// <summary>1-based column, in characters, of a byte offset (a UTF-8 continuation byte starts no character).</summary>
    public static int ColumnOf(ReadOnlySpan<byte> file, int offset)
    {
        int lineStart = file[..offset].LastIndexOf((byte)'\n') + 1;
        int column = 1;
        foreach (byte b in file[lineStart..offset])
            if ((b & 0xC0) != 0x80)
                column++;
        return column;
    }

    /// <summary>Byte offset of line <paramref name="lineIndex"/> (0-based) counted from <paramref name="start"/>.</summary>
    public static int LineStart(ReadOnlySpan<byte> file, int start, long lineIndex)
    {
        int offset = start;
        for (long i = 0; i < lineIndex; i++)
        {
            int next = file[offset..].IndexOf((byte)'\n');
            if (next < 0)
                return file.Length;
            offset += next + 1;
        }
        return offset;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> file)
    {
        int offset = 0;
        while (offset < file.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(file[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
                return offset;
            offset += consumed;
        }
        return file.Length;
    }
}
