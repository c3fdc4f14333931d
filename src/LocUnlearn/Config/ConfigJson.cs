using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LocUnlearn.Config;

/// <summary>
/// Strict JSON for <see cref="ExperimentConfig"/>: snake_case keys, enums as snake_case strings, unknown keys and
/// wrong types are errors naming the key. A user's file is merged over the preset key by key.
/// </summary>
public static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static string Serialize(ExperimentConfig config) => JsonSerializer.Serialize(config, Options);

    public static JsonObject ToNode(ExperimentConfig config) => JsonSerializer.SerializeToNode(config, Options)!.AsObject();

    /// <summary>Parses a complete config (e.g. a run directory's config.json).</summary>
    public static ExperimentConfig Parse(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}: malformed JSON ({e.Message}).");
        }
        if (node is not JsonObject obj)
            throw new ConfigException($"{source}: expected a JSON object.");
        return FromNode(obj, source);
    }

    /// <summary><paramref name="overrides"/> merged over <paramref name="baseConfig"/> (objects recursively, the rest replaced).</summary>
    public static ExperimentConfig Merge(ExperimentConfig baseConfig, JsonObject overrides, string source)
    {
        var merged = ToNode(baseConfig);
        MergeInto(merged, overrides, "");
        return FromNode(merged, source);
    }

    public static JsonObject LoadObject(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{path}: config file not found.");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new ConfigException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: malformed JSON ({e.Message}).");
        }
    }

    private static void MergeInto(JsonObject target, JsonObject source, string path)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
                MergeInto(existing, child, path + key + ".");
            else
                target[key] = value?.DeepClone();
        }
    }

    private static ExperimentConfig FromNode(JsonObject obj, string source)
    {
        try
        {
            var config = obj.Deserialize<ExperimentConfig>(Options) ?? throw new ConfigException($"{source}: empty config.");
            ConfigValidator.Validate(config, source);
            return config;
        }
        catch (JsonException e)
        {
            string key = (e.Path ?? "$").TrimStart('$', '.');
            string what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown key (see docs/config.md for the keys)"
                : "wrong type or value";
            throw new ConfigException($"{source}: {what} at '{UnknownKey(e) ?? key}'.");
        }
    }

    /// <summary>System.Text.Json names the unmapped property only in its message: "The JSON property 'x' could not…".</summary>
    private static string? UnknownKey(JsonException e)
    {
        const string marker = "The JSON property '";
        int i = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        int start = i + marker.Length, end = e.Message.IndexOf('\'', start);
        string name = e.Message[start..end];
        string parent = (e.Path ?? "$").TrimStart('$', '.');
        return parent.Length == 0 ? name : $"{parent}.{name}";
    }
}
