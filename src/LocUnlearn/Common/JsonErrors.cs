using System.Text;
using System.Text.Json;

namespace LocUnlearn.Common;

/// <summary>
/// Our words for System.Text.Json's errors. Its own text ("... Change the reader options. LineNumber: 0 |
/// BytePositionInLine: 47.") counts from 0, in bytes, relative to whatever was parsed, and says nothing about the
/// file; these messages name the file, its 1-based line and column, show the text there and say what to fix.
/// </summary>
public static class JsonErrors
{
    private const int ExcerptBefore = 30;
    private const int ExcerptAfter = 10;

    /// <summary>
    /// The message for an error parsing <paramref name="file"/>[<paramref name="start"/>..<paramref name="end"/>)
    /// (a whole file, one JSON Lines line or one element of an array); positions are the file's own.
    /// <paramref name="syntaxHint"/> (what the file's form requires) is added to syntax errors, not to a repeated key.
    /// </summary>
    public static string Describe(JsonException e, string source, ReadOnlySpan<byte> file, int start, int end, string? syntaxHint = null)
    {
        if (e.LineNumber is not long line || e.BytePositionInLine is not long column)
            return FindDuplicateKey(file, start, end) is var (key, at)
                ? $"{Where(source, file, at)}: key \"{key}\" appears twice in one object; remove one of them (JSON readers disagree on " +
                  "which copy counts)."
                : $"{source}: malformed JSON ({e.Message}).";
        int lineStart = Utf8Text.LineStart(file, start, line);
        int offset = (int)Math.Min(end, lineStart + column);
        if (file[start..end].Trim(" \t\r\n"u8).IsEmpty)
            return $"{source}: empty where a JSON value is expected.";
        return $"{Where(source, file, offset)}: malformed JSON ({Problem(file, start, end, offset)}); fix the JSON there." +
               (syntaxHint is null ? "" : " " + syntaxHint);
    }

    /// <summary>"file line L, column C", both 1-based, the column in characters.</summary>
    public static string Where(string source, ReadOnlySpan<byte> file, int offset) =>
        $"{source} line {Utf8Text.LineOf(file, offset)}, column {Utf8Text.ColumnOf(file, offset)}";

    private static string Problem(ReadOnlySpan<byte> file, int start, int end, int offset)
    {
        var rest = file[offset..end].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty)
            return "the text ends inside an unclosed object, array or string: the file looks truncated, or a bracket or quote is missing";
        byte here = file[offset];
        var before = file[start..offset].TrimEnd(" \t\r\n"u8);
        string near = $"near `{Excerpt(file, offset)}`";
        if (here is (byte)'}' or (byte)']' && !before.IsEmpty && before[^1] == (byte)',')
            return $"a trailing comma before '{(char)here}', which JSON does not allow, {near}";
        if (here == (byte)'\'')
            return $"strings and keys need double quotes, not single quotes, {near}";
        if (here == (byte)'/')
            return $"comments are not allowed in JSON, {near}";
        return $"unexpected {Describe(here)} {near}; a comma, colon, quote or bracket is missing or extra here";
    }

    private static string Describe(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>The text of the line around an offset, at most a few dozen characters.</summary>
    private static string Excerpt(ReadOnlySpan<byte> file, int offset)
    {
        int lineStart = file[..offset].LastIndexOf((byte)'\n') + 1;
        int lineEnd = file[offset..].IndexOfAny((byte)'\n', (byte)'\r') is var n and >= 0 ? offset + n : file.Length;
        int from = Math.Max(lineStart, offset - ExcerptBefore);
        int to = Math.Min(lineEnd, offset + ExcerptAfter);
        while (from > lineStart && (file[from] & 0xC0) == 0x80) from--; // whole characters only
        while (to < lineEnd && (file[to] & 0xC0) == 0x80) to++;
        return Encoding.UTF8.GetString(file[from..to]).Trim();
    }

    /// <summary>
    /// The first key that repeats within one object, and its offset. System.Text.Json refuses duplicates
    /// (AllowDuplicateProperties = false) without saying where, so the text is walked again to find it.
    /// </summary>
    private static (string Key, int Offset)? FindDuplicateKey(ReadOnlySpan<byte> file, int start, int end)
    {
        var reader = new Utf8JsonReader(file[start..end]);
        var open = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName when !open.Peek().Add(reader.GetString()!):
                        return (reader.GetString()!, start + (int)reader.TokenStartIndex);
                }
            }
        }
        catch (JsonException)
        {
            // The text has another error first; the caller reports the duplicate without a position.
        }
        return null;
    }
}
