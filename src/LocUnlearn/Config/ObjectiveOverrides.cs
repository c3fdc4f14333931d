using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Config;

/// <summary>
/// `--set key=value` on one objective's settings: keys are the snake_case paths inside that objective's section of
/// unlearn.settings (docs/config.md), e.g. for npo "beta", "retain.alpha", "retain.kind"; for rmu "layer". Going
/// through the same JSON as the config keeps one set of names and one validation for both.
/// </summary>
public static class ObjectiveOverrides
{
    /// <summary>The keys <paramref name="objective"/> accepts (empty for objectives without settings, e.g. ga).</summary>
    public static IReadOnlyList<string> Keys(string objective)
    {
        string name = objective.ToLowerInvariant();
        string prefix = name + ".";
        return ConfigKeys.Settable(typeof(ObjectiveSettings)).Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..]).ToList();
    }

    public static ObjectiveSettings Apply(ObjectiveSettings settings, string objective, IEnumerable<string> assignments)
    {
        var root = ToNode(settings);
        var section = Section(root, objective);
        var valid = Keys(objective);
        foreach (string assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0)
                throw new ArgumentException($"--set: expected key=value, got '{assignment}'.");
            string key = assignment[..eq].Trim(), value = assignment[(eq + 1)..].Trim();
            if (section is null || !valid.Contains(key))
                throw new ArgumentException(valid.Count == 0
                    ? $"--set {key}: objective '{objective}' has no settings."
                    : $"--set {key}: not a setting of {objective}; valid keys: {string.Join(", ", valid)}.");
            var parts = key.Split('.');
            var parent = section;
            foreach (string part in parts[..^1])
                parent = parent[part]!.AsObject();
            parent[parts[^1]] = ParseValue(value);
        }
        try
        {
            var result = root.Deserialize<ObjectiveSettings>(ConfigJson.Options)!;
            UnlearningObjectives.Create(objective, result); // range checks (e.g. npo.beta > 0) with the objective's own message
            return result;
        }
        catch (JsonException e)
        {
            string? key = (e.Path ?? "$").TrimStart('$', '.').Split('.', 2).ElementAtOrDefault(1);
            throw new ArgumentException($"--set: wrong type or value for {objective}.{key} ({e.Message.Split('.')[0]}).");
        }
    }

    private static JsonObject ToNode(ObjectiveSettings settings) => JsonSerializer.SerializeToNode(settings, ConfigJson.Options)!.AsObject();

    private static JsonObject? Section(JsonObject root, string objective) => root[objective.ToLowerInvariant()] as JsonObject;

    /// <summary>Numbers, true/false and null as JSON; anything else as a string (e.g. retain.kind=kl).</summary>
    private static JsonNode? ParseValue(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }
}
