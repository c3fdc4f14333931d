using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LocUnlearn.Config;

/// <summary>
/// The keys a config file may set, as dotted snake_case paths (e.g. "unlearn.settings.npo.retain.alpha"), read from the
/// serializer's own contract so they cannot drift from the records. Derived values (the seed list, whether a retain
/// term is active) are methods, so they are neither written to config.json nor accepted from it.
/// </summary>
public static class ConfigKeys
{
    // A copy with the reflection resolver set explicitly: GetTypeInfo needs one, and ConfigJson.Options only gets it
    // on its first (de)serialization, which may not have happened yet.
    private static readonly JsonSerializerOptions Contract = new(ConfigJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static IEnumerable<string> Settable(Type type) => Leaves(type, "").Select(k => k.Path);

    /// <summary>Every settable leaf with the record that declares it (docs/config.md documents shared records such as
    /// TrainingConfig once).</summary>
    public static IEnumerable<ConfigKey> Leaves(Type type, string prefix = "")
    {
        foreach (var property in Contract.GetTypeInfo(type).Properties)
        {
            if (property.Set is null) continue;
            string key = prefix + property.Name;
            var inner = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (Contract.GetTypeInfo(inner).Kind == JsonTypeInfoKind.Object)
                foreach (var child in Leaves(inner, key + "."))
                    yield return child;
            else
                yield return new ConfigKey(key, (property.AttributeProvider as MemberInfo)?.DeclaringType ?? type, property.Name);
        }
    }
}

/// <param name="Path">dotted snake_case path from the config's root</param>
/// <param name="Owner">the record declaring the property (a base record for inherited ones: retain's training keys are
/// TrainingConfig's)</param>
/// <param name="Name">its snake_case name within that record</param>
public sealed record ConfigKey(string Path, Type Owner, string Name);
