using LocUnlearn.Model;
using LocUnlearn.Regions;
using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// Training confined to a region of value vectors: every model parameter is frozen (no gradient is even computed for
/// it) and each layer's MLP gets a compact delta for its region columns (and, with free keys, the matching gate/up
/// rows). Optimizer state therefore scales with the region; <see cref="Commit"/> merges the deltas into
/// down_proj (only the region's columns change). Disposing without committing discards the deltas, leaving the
/// model exactly as it was, so many runs can start from one θo in memory; <see cref="Revert"/> undoes a commit
/// exactly (the region's original values are kept).
/// </summary>
public sealed class RegionParameterSet : ITrainableSet
{
    private readonly List<IDisposable> owned = new();
    private readonly List<(Tensor Weight, int Dim, Tensor Neurons, Tensor Original)> originals = new();
    private bool committed, disposed;

    public RegionParameterSet(LlamaForCausalLM model, Region region, bool freeKeys = false)
    {
        var shape = new RegionShape(model.Config.NumHiddenLayers, model.Config.IntermediateSize);
        if (region.Shape != shape)
            throw new ArgumentException($"region was made for a model of {region.Shape}, this model has {shape}.");
        Model = model;
        foreach (var p in model.parameters())
            p.requires_grad_(false);
        var tensors = new List<TrainableTensor>();
        var device = model.Device;
        for (int l = 0; l < shape.Layers; l++)
        {
            var neurons = region.NeuronsIn(l);
            if (neurons.Count == 0)
                continue;
            var mlp = model.Mlps[l];
            using var idx = tensor(neurons.Select(i => (long)i).ToArray(), device: device);
            var delta = new MlpRegionDelta(idx, model.Config.HiddenSize, freeKeys, device);
            mlp.Delta = delta;
            var neuronsCopy = idx.clone().DetachFromDisposeScope(); // the delta (and its index) goes away on commit
            owned.Add(neuronsCopy);
            using (no_grad())
            {
                // Region values of the frozen weights, in fp32, for decoupled weight decay (O(region) memory).
                var downBase = mlp.down_proj.weight!.index_select(1, delta.Neurons).to(ScalarType.Float32).DetachFromDisposeScope();
                owned.Add(downBase);
                originals.Add((mlp.down_proj.weight!, 1, neuronsCopy, downBase));
                tensors.Add(new TrainableTensor($"model.layers.{l}.mlp.down_proj.weight[region]", delta.Down, downBase));
                if (delta.Gate is not null && delta.Up is not null)
                {
                    var gateBase = mlp.gate_proj.weight!.index_select(0, delta.Neurons).to(ScalarType.Float32).DetachFromDisposeScope();
                    var upBase = mlp.up_proj.weight!.index_select(0, delta.Neurons).to(ScalarType.Float32).DetachFromDisposeScope();
                    owned.Add(gateBase);
                    owned.Add(upBase);
                    originals.Add((mlp.gate_proj.weight!, 0, neuronsCopy, gateBase));
                    originals.Add((mlp.up_proj.weight!, 0, neuronsCopy, upBase));
                    tensors.Add(new TrainableTensor($"model.layers.{l}.mlp.gate_proj.weight[region]", delta.Gate, gateBase));
                    tensors.Add(new TrainableTensor($"model.layers.{l}.mlp.up_proj.weight[region]", delta.Up, upBase));
                }
            }
        }
        Tensors = tensors;
        ParameterCount = tensors.Sum(t => t.Value.numel());
    }

    public LlamaForCausalLM Model { get; }
    public IReadOnlyList<TrainableTensor> Tensors { get; }
    public long ParameterCount { get; }

    public void Commit()
    {
        if (committed) return;
        foreach (var mlp in Model.Mlps)
            mlp.MergeDelta();
        committed = true;
    }

    /// <summary>Puts the region's original values back after <see cref="Commit"/> (bit-exact).</summary>
    public void Revert()
    {
        if (!committed) return;
        using var _ = no_grad();
        foreach (var (weight, dim, neurons, original) in originals)
            weight.index_copy_(dim, neurons, original.to(weight.dtype));
    }

    /// <summary>Drops uncommitted deltas (the model is θ as before) and frees the region state.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var mlp in Model.Mlps)
        {
            var delta = mlp.Delta;
            mlp.Delta = null;
            delta?.Dispose();
        }
        foreach (var o in owned) o.Dispose();
    }
}
