using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Common;

/// <summary>
/// Parses the JSON users hand us strictly: UTF-8 checked, a repeated key refused, every error in our words
/// (<see cref="JsonErrors"/>) and thrown as the caller's own exception type, made by <c>error(message)</c>.
/// </summary>
public static class StrictJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>A JSON file as a node; <paramref name="path"/> must exist.</summary>
    public static JsonNode? ReadNode(string path, Func<string, Exception> error) => ParseNode(File.ReadAllBytes(path), path, error);

    /// <summary>A JSON file as a document; <paramref name="path"/> must exist.</summary>
    public static JsonDocument ReadDocument(string path, Func<string, Exception> error)
    {
        byte[] file = File.ReadAllBytes(path);
        Utf8Text.Require(file, path, error);
        int start = Utf8Text.BomLength(file);
        return ParseDocument(file, start, file.Length - start, path, error);
    }

    /// <summary>JSON text already in memory (e.g. a config given as a string); <paramref name="source"/> names it.</summary>
    public static JsonNode? ParseNode(string json, string source, Func<string, Exception> error) =>
        ParseNode(Encoding.UTF8.GetBytes(json), source, error);

    /// <summary>The bytes of a whole file (or of a JSON header inside one, as safetensors has).</summary>
    public static JsonNode? ParseNode(byte[] file, string source, Func<string, Exception> error)
    {
        Utf8Text.Require(file, source, error);
        int start = Utf8Text.BomLength(file);
        try
        {
            return JsonNode.Parse(file.AsSpan(start), documentOptions: Options);
        }
        catch (JsonException e)
        {
            throw error(JsonErrors.Describe(e, source, file, start, file.Length));
        }
    }

    /// <summary>
    /// One JSON value at <paramref name="file"/>[<paramref name="start"/>, +<paramref name="length"/>) of a file whose
    /// UTF-8 the caller checked: a JSON Lines line or an element of an array, with errors at the file's own lines.
    /// </summary>
    public static JsonDocument ParseDocument(
        byte[] file, int start, int length, string source, Func<string, Exception> error, string? syntaxHint = null)
    {
        try
        {
            return JsonDocument.Parse(file.AsMemory(start, length), Options);
        }
        catch (JsonException e)
        {
            throw error(JsonErrors.Describe(e, source, file, start, start + length, syntaxHint));
        }
    }
}
