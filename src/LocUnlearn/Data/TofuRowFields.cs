using System.Text.Json;

namespace LocUnlearn.Data;

/// <summary>Typed access to one row's fields, with errors that name the file, the line and the field.</summary>
internal readonly record struct TofuRowFields(JsonElement Row, string Path, int Line)
{
    public string Where => $"{Path} line {Line}";

    public string String(string field, bool allowEmpty = false)
    {
        JsonElement value = Get(field);
        if (value.ValueKind != JsonValueKind.String)
            throw new TofuFormatException($"{Where}: field '{field}' must be a string, found {Kind(value)}.");
        string text = value.GetString()!;
        if (!allowEmpty && string.IsNullOrWhiteSpace(text))
            throw new TofuFormatException($"{Where}: field '{field}' is empty; every row needs a non-empty {field}.");
        return text;
    }

    public IReadOnlyList<string> Strings(string field, int expectedCount)
    {
        JsonElement value = Get(field);
        if (value.ValueKind != JsonValueKind.Array)
            throw new TofuFormatException($"{Where}: field '{field}' must be an array of strings, found {Kind(value)}.");
        int count = value.GetArrayLength();
        if (count != expectedCount)
            throw new TofuFormatException(
                $"{Where}: field '{field}' has {count} entries where {expectedCount} are expected for this split.");
        var items = new List<string>(count);
        foreach (JsonElement e in value.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
                throw new TofuFormatException($"{Where}: field '{field}' entry {items.Count + 1} must be a non-empty string.");
            items.Add(e.GetString()!);
        }
        return items;
    }

    private JsonElement Get(string field)
    {
        if (Row.ValueKind != JsonValueKind.Object)
            throw new TofuFormatException($"{Where}: expected a JSON object, found {Kind(Row)}.");
        if (!Row.TryGetProperty(field, out JsonElement value))
            throw new TofuFormatException($"{Where}: missing field '{field}'.");
        return value;
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
