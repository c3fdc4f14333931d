using System.Text.Json.Nodes;

namespace LocUnlearn.Config;

/// <summary>Key paths where two JSON configs differ (for refusing a changed config in an existing run directory).</summary>
public static class ConfigDiff
{
    public static IReadOnlyList<string> Keys(JsonNode? a, JsonNode? b, string path = "")
    {
        var diffs = new List<string>();
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)).Order())
                diffs.AddRange(Keys(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}"));
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            diffs.Add(path.Length == 0 ? "(root)" : path);
        }
        return diffs;
    }
}
