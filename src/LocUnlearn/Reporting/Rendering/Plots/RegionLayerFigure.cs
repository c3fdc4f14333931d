using System.Globalization;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>Where the value vectors of each region (V_tgt, V_rdm, localized regions) lie: count per layer.</summary>
public static class RegionLayerFigure
{
    public static void Save(string path, IReadOnlyList<RegionLayerCounts> regions, string title = "Value vectors per layer") =>
        LayerProfileFigure.Save(path,
            regions.Select(r => new LayerSeries(
                    r.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{RegionStyle.DisplayName(r.Name)} (n = {r.CountPerLayer.Sum():N0})"),
                    r.CountPerLayer.Select(c => (double)c).ToList()))
                .ToList(),
            title,
            "Value vectors in region (count)");
}
