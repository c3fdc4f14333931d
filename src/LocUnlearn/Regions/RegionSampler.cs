using LocUnlearn.Data;

namespace LocUnlearn.Regions;

/// <summary>Random regions: V_tgt (uniform over the whole model, SPEC 4.3) and V_rdm (from V_tgt's complement, 4.5).</summary>
public static class RegionSampler
{
    /// <summary>round(p · total) value vectors, uniformly over the whole model (not per layer).</summary>
    public static Region UniformGlobal(RegionShape shape, double fraction, long seed)
    {
        long k = CountFor(shape, fraction);
        var rng = SplitMix64.ForStream(seed, "region/uniform");
        return FromFlatIndices(shape, rng.SampleWithoutReplacement(shape.Total, k));
    }

    /// <summary><paramref name="count"/> value vectors drawn uniformly from the complement of <paramref name="exclude"/>.</summary>
    public static Region FromComplement(Region exclude, long count, long seed)
    {
        var shape = exclude.Shape;
        long available = shape.Total - exclude.Count;
        if (count > available)
            throw new ArgumentException($"cannot draw {count} value vectors from a complement of {available}.");
        var free = new long[available];
        long n = 0;
        for (long flat = 0; flat < shape.Total; flat++)
            if (!exclude.Contains(Unflatten(shape, flat)))
                free[n++] = flat;
        var rng = SplitMix64.ForStream(seed, "region/complement");
        return FromFlatIndices(shape, rng.SampleWithoutReplacement(available, count).Select(i => free[i]));
    }

    public static long CountFor(RegionShape shape, double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), $"region fraction must lie in (0, 1), got {fraction}.");
        return Math.Max(1, (long)Math.Round(fraction * shape.Total));
    }

    private static ValueVector Unflatten(RegionShape shape, long flat) =>
        new((int)(flat / shape.IntermediateSize), (int)(flat % shape.IntermediateSize));

    private static Region FromFlatIndices(RegionShape shape, IEnumerable<long> flat) =>
        new(shape, flat.Select(f => Unflatten(shape, f)));
}
