using LocUnlearn.Localization;
using LocUnlearn.Study;
using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// How a region is coloured in every figure, so Oracle and Random look the same across plots; regions are keyed by
/// their arm id (<see cref="Arm.Id"/>) and named by the arm's display name. Colours are the Okabe–Ito palette
/// (distinguishable with the common colour-vision deficiencies and in greyscale print): Oracle vermillion, Random blue,
/// the random localizer sky blue (a random region too), the other regions the remaining hues.
/// </summary>
internal static class RegionStyle
{
    /// <summary>The regions-per-layer figure's names for the two sets of the controlled setup.</summary>
    public const string TargetSet = "v_tgt", RandomSet = "v_rdm";

    private static readonly (string Key, string Hex)[] Known =
    [
        (Arm.Oracle.Id, "#D55E00"),
        (TargetSet, "#D55E00"),
        (Arm.Random.Id, "#0072B2"),
        (RandomSet, "#0072B2"),
        (Arm.ReconstructionRandom(0).Id, "#0072B2"),
        (Arm.ReconstructionRandom(1).Id, "#56B4E9"),
        (Arm.ReconstructionRandom(2).Id, "#009E73"),
        (Arm.Localized(RandomLocalizer.MethodName).Id, "#56B4E9"),
        (Arm.Localized("activations").Id, "#CC79A7"),
        (Arm.Localized("memflex").Id, "#E69F00"),
        (Arm.Localized("wagle").Id, "#009E73"),
    ];

    // Used, in order of first appearance, for region names the table above does not know.
    private static readonly string[] Fallback = ["#000000", "#999999", "#8C564B", "#F0E442", "#17BECF"];

    public static string DisplayName(string region) => region switch
    {
        TargetSet => "V_tgt (Oracle)",
        RandomSet => "V_rdm (Random)",
        _ => Arm.Parse(region).DisplayName,
    };

    /// <param name="unknownOrdinal">The region's rank among the unknown regions of the same figure.</param>
    private static Color ColorOf(string region, int unknownOrdinal)
    {
        int i = IndexOf(region);
        return Color.FromHex(i >= 0 ? Known[i].Hex : Fallback[unknownOrdinal % Fallback.Length]);
    }

    /// <summary>Known regions first in the table's order (Oracle before Random), unknown ones after, by name.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> regions) =>
        regions.Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(r => IndexOf(r) >= 0 ? IndexOf(r) : int.MaxValue)
            .ThenBy(r => r, StringComparer.Ordinal)
            .ToList();

    /// <summary>Colour for each region of a figure, unknown ones taking the fallback hues in order.</summary>
    public static IReadOnlyDictionary<string, Color> Colors(IReadOnlyList<string> orderedRegions)
    {
        var colors = new Dictionary<string, Color>(StringComparer.OrdinalIgnoreCase);
        int unknown = 0;
        foreach (string region in orderedRegions)
            colors[region] = ColorOf(region, IndexOf(region) >= 0 ? 0 : unknown++);
        return colors;
    }

    public static string ObjectiveDisplayName(string objective) => objective.ToUpperInvariant();

    private static int IndexOf(string region) =>
        Array.FindIndex(Known, k => string.Equals(k.Key, region, StringComparison.OrdinalIgnoreCase));
}
