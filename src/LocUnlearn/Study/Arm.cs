using System.Text.Json;
using System.Text.Json.Serialization;
using LocUnlearn.Localization;

namespace LocUnlearn.Study;

/// <summary>What kind of region a run is confined to.</summary>
public enum ArmKind
{
    /// <summary>V_tgt, where the forget set was injected (SPEC 4.6).</summary>
    Oracle,
    /// <summary>V_rdm, as large as V_tgt and disjoint from it (SPEC 4.5).</summary>
    Random,
    /// <summary>A localizer's top-p region of θo (SPEC 7).</summary>
    Localized,
    /// <summary>One of the reconstruction's random regions A, B, C, ... (SPEC 8).</summary>
    ReconstructionRandom,
    /// <summary>All parameters (the standalone `unlearn --region full`).</summary>
    Full,
    /// <summary>A dose-response region holding a fraction q of V_tgt (SPEC 12).</summary>
    Overlap,
    /// <summary>A region file given by the user (the standalone `unlearn --region FILE`), named after the file.</summary>
    File,
}

/// <summary>
/// The region arm of a run: the one place its id (folder names, job ids, JSON: "oracle", "random", "loc-wagle",
/// "random_a") and its display name ("Oracle", "Random", "WAGLE", "Random A") are spelled. Compare arms, not strings.
/// </summary>
[JsonConverter(typeof(ArmJsonConverter))]
public sealed record Arm
{
    private const string LocalizedPrefix = "loc-";
    private const string ReconstructionPrefix = "random_";
    private const string OverlapPrefix = "overlap-";

    private Arm(ArmKind kind, string? name = null, int index = 0)
    {
        Kind = kind;
        Name = name;
        Index = index;
    }

    public static Arm Oracle { get; } = new(ArmKind.Oracle);
    public static Arm Random { get; } = new(ArmKind.Random);
    public static Arm Full { get; } = new(ArmKind.Full);

    public ArmKind Kind { get; }
    /// <summary>The localizer (<see cref="ArmKind.Localized"/>) or the region file's name (<see cref="ArmKind.File"/>).</summary>
    public string? Name { get; }
    /// <summary>0 for reconstruction region A, 1 for B, ... (<see cref="ArmKind.ReconstructionRandom"/>).</summary>
    public int Index { get; }

    public static Arm Localized(string method) => new(ArmKind.Localized, method);

    public static Arm ReconstructionRandom(int index) =>
        index >= 0 ? new(ArmKind.ReconstructionRandom, index: index) : throw new ArgumentOutOfRangeException(nameof(index));

    public static Arm FromFile(string name) => new(ArmKind.File, name);

    /// <summary>The dose-response arm at overlap q (0 and 1 are Random and Oracle themselves).</summary>
    public static Arm Overlap(double q) => q switch
    {
        0 => Random,
        1 => Oracle,
        _ => new(ArmKind.Overlap, q.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>The overlap with V_tgt this arm's region has in a dose-response (Random 0, Oracle 1), or null.</summary>
    public double? OverlapWithTarget => Kind switch
    {
        ArmKind.Random => 0,
        ArmKind.Oracle => 1,
        ArmKind.Overlap => double.Parse(Name!, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The reconstruction's regions: the Oracle region and <paramref name="randomRegions"/> random ones.</summary>
    public static IReadOnlyList<Arm> ReconstructionArms(int randomRegions) =>
        [Oracle, .. Enumerable.Range(0, randomRegions).Select(ReconstructionRandom)];

    public string Id => Kind switch
    {
        ArmKind.Oracle => "oracle",
        ArmKind.Random => "random",
        ArmKind.Full => "full",
        ArmKind.Localized => LocalizedPrefix + Name,
        ArmKind.ReconstructionRandom => ReconstructionPrefix + Letters(Index).ToLowerInvariant(),
        ArmKind.Overlap => OverlapPrefix + Name,
        _ => Name!,
    };

    public string DisplayName => Kind switch
    {
        ArmKind.Oracle => "Oracle",
        ArmKind.Random => "Random",
        ArmKind.Full => "All parameters",
        ArmKind.Localized => Localizers.DisplayName(Name!),
        ArmKind.ReconstructionRandom => "Random " + Letters(Index),
        ArmKind.Overlap => $"{Name} of V_tgt",
        _ => Name!,
    };

    /// <summary>The arm an id names; any other text is a region file's name.</summary>
    public static Arm Parse(string id)
    {
        if (id == Oracle.Id) return Oracle;
        if (id == Random.Id) return Random;
        if (id == Full.Id) return Full;
        if (id.StartsWith(LocalizedPrefix, StringComparison.Ordinal) && id.Length > LocalizedPrefix.Length)
            return Localized(id[LocalizedPrefix.Length..]);
        if (id.StartsWith(ReconstructionPrefix, StringComparison.Ordinal) && LetterIndex(id[ReconstructionPrefix.Length..]) is int index)
            return ReconstructionRandom(index);
        if (id.StartsWith(OverlapPrefix, StringComparison.Ordinal)
            && double.TryParse(id[OverlapPrefix.Length..], System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out double q)
            && q is > 0 and < 1)
            return Overlap(q);
        return FromFile(id);
    }

    public override string ToString() => Id;

    /// <summary>0 → A, 25 → Z, 26 → AA, ... (spreadsheet columns), so the number of random regions has no cap.</summary>
    private static string Letters(int index)
    {
        string letters = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private static int? LetterIndex(string letters)
    {
        if (letters.Length == 0 || !letters.All(c => c is >= 'a' and <= 'z'))
            return null;
        int n = 0;
        foreach (char c in letters)
            n = n * 26 + (c - 'a' + 1);
        return n - 1;
    }
}

/// <summary>An arm is its id in JSON (result.json, plan.json).</summary>
public sealed class ArmJsonConverter : JsonConverter<Arm>
{
    public override Arm Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Arm.Parse(reader.GetString() ?? throw new JsonException("a region arm must be a string"));

    public override void Write(Utf8JsonWriter writer, Arm value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id);
}
