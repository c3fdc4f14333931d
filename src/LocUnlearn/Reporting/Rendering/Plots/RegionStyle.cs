using ScottPlot;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// How a region is named and coloured in every figure, so Oracle and Random look the same across plots.
/// Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies and in
/// greyscale print): Oracle vermillion, Random blue, the other regions the remaining hues.
/// </summary>
internal static class RegionStyle
{
    private static readonly (string Key, string Display, string Hex)[] Known =
    [
        ("oracle", "Oracle", "#D55E00"),
        ("v_tgt", "V_tgt (Oracle)", "#D55E00"),
        ("random", "Random", "#0072B2"),
        ("v_rdm", "V_rdm (Random)", "#0072B2"),
        ("random_a", "Random A", "#0072B2"),
        ("random_b", "Random B", "#56B4E9"),
        ("random_c", "Random C", "#009E73"),
        ("activations", "Activations", "#CC79A7"),
        ("memflex", "MemFlex", "#E69F00"),
        ("wagle", "WAGLE", "#009E73"),
    ];

    // Used, in order of first appearance, for region names the table above does not know.
    private static readonly string[] Fallback = ["#000000", "#999999", "#8C564B", "#F0E442", "#17BECF"];

    public static string DisplayName(string region)
    {
        int i = IndexOf(region);
        return i >= 0 ? Known[i].Display : region;
    }

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
