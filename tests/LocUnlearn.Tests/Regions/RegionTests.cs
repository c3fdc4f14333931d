using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Regions;

public sealed class RegionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("locunlearn-region-").FullName;
    public void Dispose() => Directory.Delete(dir, true);

    private static readonly RegionShape Shape = new(4, 50);

    [Fact]
    public void UniformSamplingHasTheRequestedSizeAndIsDeterministicPerSeed()
    {
        var a = RegionSampler.UniformGlobal(Shape, 0.1, seed: 7);
        var b = RegionSampler.UniformGlobal(Shape, 0.1, seed: 7);
        var c = RegionSampler.UniformGlobal(Shape, 0.1, seed: 8);
        Assert.Equal(20, a.Count);
        Assert.True(a.SetEquals(b));
        Assert.False(a.SetEquals(c));
    }

    [Fact]
    public void RandomRegionIsDisjointFromTargetAndTheSameSize()
    {
        var target = RegionSampler.UniformGlobal(Shape, 0.1, seed: 1);
        var random = RegionSampler.FromComplement(target, target.Count, seed: 1);
        Assert.Equal(target.Count, random.Count);
        Assert.Equal(0, random.IntersectionCount(target));
        Assert.True(RegionSampler.FromComplement(target, target.Count, seed: 1).SetEquals(random));
    }

    [Fact]
    public void UniformSamplingPassesChiSquareOverManyDraws()
    {
        // 4000 draws of 20 of 200 cells: each cell expects 400 hits. Chi-square with 199 df; the 0.999 quantile is
        // about 268, so a uniform sampler fails this with probability 0.001 (deterministic seeds: it never flakes).
        var counts = new long[Shape.Total];
        for (int s = 0; s < 4000; s++)
            foreach (var v in RegionSampler.UniformGlobal(Shape, 0.1, seed: 1000 + s).Vectors)
                counts[v.Layer * Shape.IntermediateSize + v.Neuron]++;
        double expected = 4000 * 20.0 / Shape.Total;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 268, $"chi-square {chi2:F1} over 199 df");
        // Complement sampling must be uniform over the complement too.
        var target = RegionSampler.UniformGlobal(Shape, 0.1, seed: 3);
        var hits = new long[Shape.Total];
        for (int s = 0; s < 2000; s++)
            foreach (var v in RegionSampler.FromComplement(target, 20, seed: s).Vectors)
                hits[v.Layer * Shape.IntermediateSize + v.Neuron]++;
        double expectedFree = 2000 * 20.0 / (Shape.Total - 20);
        double chi2Free = Enumerable.Range(0, (int)Shape.Total)
            .Where(i => !target.Contains(new ValueVector(i / 50, i % 50)))
            .Sum(i => (hits[i] - expectedFree) * (hits[i] - expectedFree) / expectedFree);
        Assert.True(chi2Free < 245, $"chi-square {chi2Free:F1} over 179 df"); // 0.999 quantile ≈ 244
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void FractionOutsideOpenUnitIntervalIsRejected(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionSampler.UniformGlobal(Shape, p, 1));

    [Fact]
    public void OverlapStatisticsAreHandComputable()
    {
        var reference = new Region(Shape, [new(0, 1), new(0, 2), new(1, 3), new(2, 4)]);
        var found = new Region(Shape, [new(0, 1), new(1, 3), new(3, 9)]);
        var o = RegionOverlap.Of(found, reference);
        Assert.Equal(2, o.Intersection);
        Assert.Equal(0.5, o.Recall);
        Assert.Equal(2.0 / 3, o.Precision, 12);
        Assert.Equal(2.0 / 5, o.Jaccard, 12);
        Assert.Equal([2, 1, 1, 1], found.Union(reference).PerLayerCounts);
        Assert.Equal(2, found.Intersect(reference).Count);
    }

    [Fact]
    public void RegionFileRoundTripsAndRefusesAModelOfAnotherShape()
    {
        var r = RegionSampler.UniformGlobal(Shape, 0.1, seed: 4);
        string path = Path.Combine(dir, "v_tgt.json");
        RegionFile.Save(r, path, "V_tgt");
        Assert.True(RegionFile.Load(path, Shape).SetEquals(r));
        var e = Assert.Throws<RegionFileException>(() => RegionFile.Load(path, new RegionShape(4, 64)));
        Assert.Contains("4 layers x 50 neurons", e.Message);
        Assert.Contains("4 layers x 64 neurons", e.Message);
    }

    [Fact]
    public void OutOfRangeNeuronInAFileIsRejected()
    {
        string path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, """{"format":"locunlearn.region/v1","layers":2,"intermediate_size":5,"neurons":[[1],[5]]}""");
        var e = Assert.Throws<RegionFileException>(() => RegionFile.Load(path));
        Assert.Contains("neuron 5 in layer 1", e.Message);
    }

    [Theory]
    [InlineData("\"3\"", "neurons[1][0] is \"3\", not a neuron index; neuron indices are whole numbers in [0, 5).")]
    [InlineData("2.5", "neurons[1][0] is 2.5, not a neuron index; neuron indices are whole numbers in [0, 5).")]
    [InlineData("null", "neurons[1][0] is null, not a neuron index; neuron indices are whole numbers in [0, 5).")]
    public void NonIntegerNeuronIdIsNamedWithItsPosition(string id, string message)
    {
        string path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, "{\"format\":\"locunlearn.region/v1\",\"layers\":2,\"intermediate_size\":5,\"neurons\":[[1],[" + id + "]]}");

        var e = Assert.Throws<RegionFileException>(() => RegionFile.Load(path));

        Assert.Equal($"{path}: {message}", e.Message);
    }

    [Fact]
    public void EmptyRegionIsRefused()
    {
        string path = Path.Combine(dir, "empty.json");
        File.WriteAllText(path, """{"format":"locunlearn.region/v1","layers":2,"intermediate_size":5,"neurons":[[],[]]}""");

        var e = Assert.Throws<RegionFileException>(() => RegionFile.Load(path));

        Assert.Equal($"{path}: the region is empty (no neuron in any layer); a region needs at least one value vector, so list the neuron " +
                     "indices under 'neurons' or make the region again (locunlearn localize).", e.Message);
    }

    [Fact]
    public void MalformedRegionJsonAndWrongFormatTypeAreMessages()
    {
        string path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, "{\"format\":\"locunlearn.region/v1\",\n\"layers\":2 \"intermediate_size\":5}");
        Assert.StartsWith($"{path} line 2, column 12: malformed JSON (unexpected '\"'",
            Assert.Throws<RegionFileException>(() => RegionFile.Load(path)).Message);

        File.WriteAllText(path, """{"format":1,"layers":2,"intermediate_size":5,"neurons":[[1],[2]]}""");
        Assert.Equal($"{path}: not a region file (format should be \"locunlearn.region/v1\").",
            Assert.Throws<RegionFileException>(() => RegionFile.Load(path)).Message);
    }
}
