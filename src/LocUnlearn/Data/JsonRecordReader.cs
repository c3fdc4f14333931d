using System.Text.Json;
using LocUnlearn.Common;

namespace LocUnlearn.Data;

/// <summary>
/// Reads the objects of a TOFU file with their line numbers. Both forms in circulation are accepted: JSON Lines (one
/// object a line, the locuslab/TOFU files) and a single JSON array of objects. The file must be UTF-8 and no record may
/// exceed <see cref="MaxRecordBytes"/>.
/// </summary>
internal static class JsonRecordReader
{
    /// <summary>
    /// TOFU rows are under 3 kB; a record of megabytes is a missing line break or not a TOFU file, and parsing it
    /// would cost many times its size in memory (a 40 MB line took 4.6 GB).
    /// </summary>
    public const int MaxRecordBytes = 1 << 20;

    private const string LinesHint =
        "Each line must be one complete JSON object (a truncated download or a line break inside a string causes this).";

    private const string ArrayHint = "The file must be one JSON array of objects, or JSON Lines.";

    /// <summary>Why a record over the limit is wrong, for TOFU rows (the default).</summary>
    public const string TofuRowSize = "a TOFU row takes a few kB, so a line break between records is missing or this is not a TOFU file.";

    /// <param name="rowSize">why a record over the limit is wrong in this kind of file</param>
    public static IReadOnlyList<(JsonElement Row, int Line)> Read(string path, string rowSize = TofuRowSize)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Utf8Text.Require(bytes, path, Error);
        int start = Utf8Text.BomLength(bytes);
        int first = bytes.AsSpan(start).IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && bytes[start + first] == (byte)'[' ? ReadArray(path, bytes, start, rowSize) : ReadLines(path, bytes, start, rowSize);
    }

    /// <summary>The non-blank lines of a UTF-8 checked file: (1-based line, byte offset, byte length without the line break).</summary>
    public static IEnumerable<(int Line, int Start, int Length)> Lines(string path, byte[] bytes, int start, string rowSize = TofuRowSize)
    {
        int line = 1;
        for (int offset = start; offset < bytes.Length; line++)
        {
            int newline = bytes.AsSpan(offset).IndexOf((byte)'\n');
            int end = newline < 0 ? bytes.Length : offset + newline;
            int length = end > offset && bytes[end - 1] == (byte)'\r' ? end - offset - 1 : end - offset;
            if (length > MaxRecordBytes)
                throw TooLong(path, line, length, "a line", rowSize);
            if (!bytes.AsSpan(offset, length).Trim(" \t"u8).IsEmpty)
                yield return (line, offset, length);
            offset = end + 1;
        }
    }

    private static List<(JsonElement, int)> ReadLines(string path, byte[] bytes, int start, string rowSize)
    {
        var rows = new List<(JsonElement, int)>();
        foreach (var (line, offset, length) in Lines(path, bytes, start, rowSize))
        {
            using JsonDocument doc = StrictJson.ParseDocument(bytes, offset, length, path, Error, LinesHint);
            rows.Add((doc.RootElement.Clone(), line));
        }
        return rows;
    }

    private static List<(JsonElement, int)> ReadArray(string path, byte[] bytes, int start, string rowSize)
    {
        var rows = new List<(JsonElement, int)>();
        var reader = new Utf8JsonReader(bytes.AsSpan(start));
        int line = 1, counted = 0; // lines counted up to byte `counted`, so the file is scanned once
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int begin = start + (int)reader.TokenStartIndex;
                reader.Skip();
                int length = start + (int)reader.BytesConsumed - begin;
                line += bytes.AsSpan(counted, begin - counted).Count((byte)'\n');
                counted = begin;
                if (length > MaxRecordBytes)
                    throw TooLong(path, line, length, "an array element", rowSize);
                using JsonDocument doc = StrictJson.ParseDocument(bytes, begin, length, path, Error, ArrayHint);
                rows.Add((doc.RootElement.Clone(), line));
            }
            reader.Read(); // throws on text after the closing bracket
        }
        catch (JsonException e)
        {
            throw Error(JsonErrors.Describe(e, path, bytes, start, bytes.Length, ArrayHint));
        }
        return rows;
    }

    private static TofuFormatException TooLong(string path, int line, long bytes, string what, string rowSize) => Error(
        $"{path} line {line}: {what} of {bytes / 1e6:F1} MB, over the limit of {MaxRecordBytes / 1e6:F1} MB per record; {rowSize}");

    private static TofuFormatException Error(string message) => new(message);
}
