using System.Text.Encodings.Web;
using System.Text.Json;

namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// Writes rows as JSON Lines the way the locuslab/TOFU files look: one compact object a line, fields in a fixed
/// order, no escaping of apostrophes, '\n' line ends, UTF-8 without BOM (byte-identical for a seed).
/// </summary>
internal static class JsonLinesWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(IEnumerable<IReadOnlyList<(string Field, object Value)>> rows)
    {
        using var stream = new MemoryStream();
        foreach (IReadOnlyList<(string Field, object Value)> row in rows)
        {
            using (var w = new Utf8JsonWriter(stream, Options))
            {
                w.WriteStartObject();
                foreach ((string field, object value) in row)
                {
                    if (value is string s)
                    {
                        w.WriteString(field, s);
                    }
                    else
                    {
                        w.WriteStartArray(field);
                        foreach (string item in (IEnumerable<string>)value)
                            w.WriteStringValue(item);
                        w.WriteEndArray();
                    }
                }
                w.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
        return stream.ToArray();
    }
}
