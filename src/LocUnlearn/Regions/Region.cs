namespace LocUnlearn.Regions;

/// <summary>
/// An immutable set of value vectors of a model of a given <see cref="RegionShape"/>, stored as sorted neuron
/// indices per layer. Only the value vectors in a region may change when training is confined to it.
/// </summary>
public sealed class Region
{
    private readonly int[][] neurons; // per layer, sorted, distinct

    public Region(RegionShape shape, IEnumerable<ValueVector> vectors)
    {
        Shape = shape;
        var perLayer = Enumerable.Range(0, shape.Layers).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var v in vectors)
        {
            if (v.Layer < 0 || v.Layer >= shape.Layers || v.Neuron < 0 || v.Neuron >= shape.IntermediateSize)
                throw new ArgumentOutOfRangeException(nameof(vectors),
                    $"value vector ({v.Layer}, {v.Neuron}) lies outside a model of {shape}.");
            perLayer[v.Layer].Add(v.Neuron);
        }
        neurons = perLayer.Select(s => s.ToArray()).ToArray();
        Count = neurons.Sum(n => (long)n.Length);
    }

    public RegionShape Shape { get; }
    public long Count { get; }
    public double Fraction => (double)Count / Shape.Total;

    /// <summary>Sorted neuron indices of the region in one layer.</summary>
    public IReadOnlyList<int> NeuronsIn(int layer) => neurons[layer];

    public int[] PerLayerCounts => neurons.Select(n => n.Length).ToArray();

    public IEnumerable<ValueVector> Vectors =>
        neurons.SelectMany((n, l) => n.Select(i => new ValueVector(l, i)));

    public bool Contains(ValueVector v) =>
        v.Layer >= 0 && v.Layer < Shape.Layers && Array.BinarySearch(neurons[v.Layer], v.Neuron) >= 0;

    public Region Union(Region other) => new(SameShape(other), Vectors.Concat(other.Vectors));
    public Region Intersect(Region other) => new(SameShape(other), Vectors.Where(other.Contains));

    public long IntersectionCount(Region other)
    {
        SameShape(other);
        long n = 0;
        for (int l = 0; l < Shape.Layers; l++)
            n += neurons[l].Intersect(other.neurons[l]).LongCount();
        return n;
    }

    public bool SetEquals(Region other) =>
        Shape == other.Shape && neurons.Zip(other.neurons).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    private RegionShape SameShape(Region other) => other.Shape == Shape
        ? Shape
        : throw new ArgumentException($"regions of different models: {Shape} vs {other.Shape}");
}
