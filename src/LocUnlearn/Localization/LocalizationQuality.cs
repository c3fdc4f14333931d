using LocUnlearn.Regions;

namespace LocUnlearn.Localization;

/// <summary>
/// How much of the true region V_tgt a localizer finds at p (SPEC 7: separates "localization failed" from "locality
/// does not matter"), with the found region's per-layer distribution. A uniform random region has recall ≈ p.
/// </summary>
public sealed record LocalizationQuality(double Fraction, RegionOverlap Overlap, int[] PerLayerCounts, double[] PerLayerShare)
{
    public static LocalizationQuality Of(ValueVectorScores scores, Region target, double fraction)
    {
        var found = scores.Top(fraction);
        var counts = found.PerLayerCounts;
        return new LocalizationQuality(fraction, RegionOverlap.Of(found, target), counts,
            counts.Select(c => found.Count == 0 ? 0 : (double)c / found.Count).ToArray());
    }
}
