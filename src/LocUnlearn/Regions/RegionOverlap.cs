namespace LocUnlearn.Regions;

/// <summary>
/// How well a found region matches a reference (e.g. a localizer's region against the true V_tgt, SPEC 7):
/// recall = |found ∩ ref| / |ref|, precision = |found ∩ ref| / |found|, Jaccard = |∩| / |∪|. A uniform random
/// region of fraction p has expected recall p and expected precision |ref| / total.
/// </summary>
public sealed record RegionOverlap(long Found, long Reference, long Intersection, double Recall, double Precision, double Jaccard,
    double ChanceRecall, double ChancePrecision)
{
    public static RegionOverlap Of(Region found, Region reference)
    {
        long inter = found.IntersectionCount(reference);
        long union = found.Count + reference.Count - inter;
        double total = found.Shape.Total;
        return new RegionOverlap(found.Count, reference.Count, inter,
            reference.Count == 0 ? 0 : (double)inter / reference.Count,
            found.Count == 0 ? 0 : (double)inter / found.Count,
            union == 0 ? 1 : (double)inter / union,
            found.Count / total, reference.Count / total);
    }
}
