using System.Text;
using System.Text.Json;

namespace LocUnlearn.Data;

/// <summary>
/// Reads the objects of a TOFU file with their line numbers. Both forms in circulation are accepted: JSON Lines (one
/// object a line, the locuslab/TOFU files) and a single JSON array of objects.
/// </summary>
internal static class JsonRecordReader
{
    public static IEnumerable<(JsonElement Row, int Line)> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int first = FirstNonWhitespace(bytes);
        return first >= 0 && bytes[first] == (byte)'[' ? ReadArray(path, bytes) : ReadLines(path, bytes);
    }

    private static List<(JsonElement, int)> ReadLines(string path, byte[] bytes)
    {
        var rows = new List<(JsonElement, int)>();
        string[] lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                rows.Add((doc.RootElement.Clone(), i + 1));
            }
            catch (JsonException e)
            {
                throw new TofuFormatException(
                    $"{path} line {i + 1}: malformed JSON ({e.Message}); each line must be one complete JSON object " +
                    "(a truncated download or a line break inside a string causes this).", e);
            }
        }
        return rows;
    }

    private static List<(JsonElement, int)> ReadArray(string path, byte[] bytes)
    {
        var rows = new List<(JsonElement, int)>();
        int start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int line = LineOf(bytes, start + (int)reader.TokenStartIndex);
                using JsonDocument doc = JsonDocument.ParseValue(ref reader);
                rows.Add((doc.RootElement.Clone(), line));
            }
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? 0) + 1;
            throw new TofuFormatException(
                $"{path} line {line}: malformed JSON array ({e.Message}); the file must be one JSON array of objects " +
                "or JSON Lines.", e);
        }
        return rows;
    }

    private static int LineOf(byte[] bytes, int offset) => bytes.AsSpan(0, offset).Count((byte)'\n') + 1;

    private static int FirstNonWhitespace(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            // Skip a UTF-8 byte-order mark as whitespace.
            if (bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
                continue;
            return i;
        }
        return -1;
    }
}
