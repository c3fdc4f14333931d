using LocUnlearn.Common;
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
        var node = StrictJson.ParseNode(json, source, m => new ConfigException(m));
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

    /// <summary>A copy of <paramref name="under"/> with <paramref name="over"/> merged over it (objects recursively), unvalidated:
    /// overrides from several places (a config file, then command-line flags) are validated once, together.</summary>
    public static JsonObject Combine(JsonObject under, JsonObject over)
    {
        var combined = under.DeepClone().AsObject();
        MergeInto(combined, over, "");
        return combined;
    }

    public static JsonObject LoadObject(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException(Directory.Exists(path)
                ? $"{path}: a folder, not a config file; pass a JSON file (see docs/config.md)."
                : $"{path}: config file not found.");
        return StrictJson.ReadNode(path, m => new ConfigException(m)) as JsonObject
               ?? throw new ConfigException($"{path}: expected a JSON object.");
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
            if (UnknownKey(e) is { } unknown)
                throw new ConfigException($"{source}: unknown key '{unknown}'{ConfigKeySuggestion.For(unknown)} (docs/config.md lists the keys).");
            throw new ConfigException($"{source}: wrong type or value at '{key}'{ValueHint(e)}.");
        }
    }

    /// <summary>
    /// System.Text.Json names the unmapped property in its message ("The JSON property 'x' could not…") and its path
    /// already ends with it ($.unlearn.stepz), so the key is the path, named once.
    /// </summary>
    private static string? UnknownKey(JsonException e)
    {
        const string marker = "The JSON property '";
        int i = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        int start = i + marker.Length, end = e.Message.IndexOf('\'', start);
        string name = e.Message[start..end];
        string path = (e.Path ?? "$").TrimStart('$', '.');
        return path.Length == 0 ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
    }

    /// <summary>For a closed choice (an enum), the values it accepts.</summary>
    private static string ValueHint(JsonException e)
    {
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, @"could not be converted to ([\w.]+)");
        // The message names the type, qualified or not ("could not be converted to LocUnlearn.Config.WeightDtype. Path: ...").
        string name = match.Success ? match.Groups[1].Value.TrimEnd('.').Split('.')[^1] : "";
        var type = typeof(ConfigJson).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == name);
        return type is { IsEnum: true }
            ? $" (one of {string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))})"
            : "";
    }
}
