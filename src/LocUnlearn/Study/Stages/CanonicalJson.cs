using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocUnlearn.Study.Stages;

/// <summary>
/// The form of a unit's inputs that its fingerprint hashes: the JSON of the inputs with every object property whose value
/// is neutral (null, false, 0, or an object left empty by this rule) left out, and no indentation. A configuration key
/// added to the tool later, whose neutral value is the behaviour from before it existed (the rule for new keys,
/// docs/config.md), then leaves the fingerprints of finished runs unchanged, so a newer tool resumes them instead of
/// redoing hours of work. Array elements are kept whatever their value: their positions carry meaning.
/// </summary>
public static class CanonicalJson
{
    public static string Of(JsonNode? node) => Prune(node)?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";

    private static JsonNode? Prune(JsonNode? node) => node switch
    {
        JsonObject obj => PruneObject(obj),
        JsonArray array => new JsonArray(array.Select(Prune).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonObject PruneObject(JsonObject obj)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in obj)
        {
            var pruned = Prune(value);
            if (!IsNeutral(pruned))
                kept[name] = pruned;
        }
        return kept;
    }

    /// <summary>null, false, a number equal to 0, or an empty object.</summary>
    public static bool IsNeutral(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonValue value when value.GetValueKind() == JsonValueKind.False => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => IsZero(value.ToJsonString()),
        _ => false,
    };

    private static bool IsZero(string number) =>
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v == 0;
}
