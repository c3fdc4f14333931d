namespace LocUnlearn.Regions;

/// <summary>v_{l,i}: column i of layer l's mlp.down_proj.weight (SPEC 1).</summary>
public readonly record struct ValueVector(int Layer, int Neuron);

/// <summary>The grid of value vectors of a model: n_layers × intermediate_size.</summary>
public readonly record struct RegionShape(int Layers, int IntermediateSize)
{
    public long Total => (long)Layers * IntermediateSize;
    public override string ToString() => $"{Layers} layers x {IntermediateSize} neurons";
}
