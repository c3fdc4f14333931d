using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// The trainable part of one layer's MLP when training is confined to a region of value vectors (SPEC 5): a compact
/// delta for the region's down_proj columns (hidden, k) and, with free keys, for the matching gate/up rows (k, hidden).
/// The frozen weights are never written during training, so everything outside the region stays bit-identical;
/// <see cref="Mlp.MergeDelta"/> adds the delta into the region's columns once training is done. Optimizer state
/// therefore scales with k, not with the model.
/// </summary>
public sealed class MlpRegionDelta : IDisposable
{
    public MlpRegionDelta(Tensor neurons, long hidden, bool freeKeys, Device device, ScalarType dtype = ScalarType.Float32)
    {
        Neurons = neurons.to(ScalarType.Int64, device).DetachFromDisposeScope();
        long k = Neurons.shape[0];
        Down = zeros(hidden, k, dtype: dtype, device: device).requires_grad_(true).DetachFromDisposeScope();
        if (freeKeys)
        {
            Gate = zeros(k, hidden, dtype: dtype, device: device).requires_grad_(true).DetachFromDisposeScope();
            Up = zeros(k, hidden, dtype: dtype, device: device).requires_grad_(true).DetachFromDisposeScope();
        }
    }

    /// <summary>Neuron indices i of the region's value vectors in this layer (k,), int64.</summary>
    public Tensor Neurons { get; }
    /// <summary>Delta of down_proj.weight[:, Neurons] (hidden, k).</summary>
    public Tensor Down { get; }
    /// <summary>Delta of gate_proj.weight[Neurons, :] (k, hidden), with free keys only.</summary>
    public Tensor? Gate { get; }
    /// <summary>Delta of up_proj.weight[Neurons, :] (k, hidden), with free keys only.</summary>
    public Tensor? Up { get; }

    public IEnumerable<Tensor> Trainable => Gate is null || Up is null ? [Down] : [Down, Gate, Up];

    public void Dispose()
    {
        Neurons.Dispose();
        Down.Dispose();
        Gate?.Dispose();
        Up?.Dispose();
    }
}
