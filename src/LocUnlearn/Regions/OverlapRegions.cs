using LocUnlearn.Data;

namespace LocUnlearn.Regions;

/// <summary>
/// Regions of |V_tgt| value vectors holding a fraction q of V_tgt and the rest from V_rdm (the localization-precision
/// dose-response, SPEC 12): the k = round(q·|V_tgt|) first vectors of a seeded order of V_tgt, and the |V_tgt| − k first
/// of a seeded order of V_rdm. So the regions are nested as q grows (the V_tgt part at q1 lies inside the one at q2 &gt;
/// q1, the complement part at q2 inside the one at q1), every one has exactly |V_tgt| vectors, q = 0 is V_rdm and q = 1
/// is V_tgt.
/// </summary>
public static class OverlapRegions
{
    public static Region At(Region target, Region random, double overlap, long seed)
    {
        if (!(overlap is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(overlap), $"an overlap with V_tgt must lie in [0, 1], got {overlap}.");
        if (target.Count != random.Count || target.IntersectionCount(random) != 0)
            throw new ArgumentException("V_rdm must be as large as V_tgt and disjoint from it.");
        int n = checked((int)target.Count);
        int k = (int)Math.Round(overlap * n, MidpointRounding.AwayFromZero);
        var fromTarget = Ordered(target, seed, "dose-response/v_tgt").Take(k);
        var fromRandom = Ordered(random, seed, "dose-response/v_rdm").Take(n - k);
        return new Region(target.Shape, fromTarget.Concat(fromRandom));
    }

    private static List<ValueVector> Ordered(Region region, long seed, string stream)
    {
        var vectors = region.Vectors.ToList();
        SplitMix64.ForStream(seed, stream).Shuffle(vectors);
        return vectors;
    }
}
