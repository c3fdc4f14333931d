using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Regions;

/// <summary>The dose-response regions: exact overlap, nested as q grows, always |V_tgt| vectors, ends at V_rdm and V_tgt.</summary>
public sealed class OverlapRegionsTests
{
    private static readonly RegionShape Shape = new(4, 50);

    [Fact]
    public void EachRegionHoldsExactlyRoundedQOfVTgtAndKeepsItsSize()
    {
        var target = RegionSampler.UniformGlobal(Shape, 0.1, seed: 3); // 20 vectors
        var random = RegionSampler.FromComplement(target, target.Count, seed: 3);
        foreach (double q in new[] { 0, 0.1, 0.25, 0.33, 0.5, 0.75, 0.9, 1 })
        {
            var region = OverlapRegions.At(target, random, q, seed: 7);
            Assert.Equal(target.Count, region.Count);
            Assert.Equal((long)Math.Round(q * target.Count, MidpointRounding.AwayFromZero), region.IntersectionCount(target));
            Assert.Equal(region.Count - region.IntersectionCount(target), region.IntersectionCount(random)); // the rest is V_rdm's
        }
        Assert.True(OverlapRegions.At(target, random, 0, 7).SetEquals(random));
        Assert.True(OverlapRegions.At(target, random, 1, 7).SetEquals(target));
    }

    [Fact]
    public void RegionsAreNestedAsTheOverlapGrows()
    {
        var target = RegionSampler.UniformGlobal(Shape, 0.1, seed: 5);
        var random = RegionSampler.FromComplement(target, target.Count, seed: 5);
        double[] qs = [0, 0.25, 0.5, 0.75, 1];
        for (int i = 0; i + 1 < qs.Length; i++)
        {
            var low = OverlapRegions.At(target, random, qs[i], 11);
            var high = OverlapRegions.At(target, random, qs[i + 1], 11);
            Assert.True(low.Intersect(target).Vectors.All(high.Contains), $"the V_tgt part at q = {qs[i]} is not inside the one at {qs[i + 1]}");
            Assert.True(high.Intersect(random).Vectors.All(low.Contains), $"the V_rdm part at q = {qs[i + 1]} is not inside the one at {qs[i]}");
        }
        // Another seed draws other vectors; the same seed the same ones.
        Assert.True(OverlapRegions.At(target, random, 0.5, 11).SetEquals(OverlapRegions.At(target, random, 0.5, 11)));
        Assert.False(OverlapRegions.At(target, random, 0.5, 11).SetEquals(OverlapRegions.At(target, random, 0.5, 12)));
    }

    [Fact]
    public void OverlapingOrUnequalRegionsAreRefused()
    {
        var target = RegionSampler.UniformGlobal(Shape, 0.1, seed: 5);
        Assert.Throws<ArgumentException>(() => OverlapRegions.At(target, target, 0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OverlapRegions.At(target, RegionSampler.FromComplement(target, target.Count, 1), 1.5, 1));
    }
}
