using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// A tensor the optimizer updates. When it is a delta over frozen weights (region training), <see cref="DecayBase"/>
/// holds those weights' region values so that decoupled weight decay shrinks θ = base + delta, exactly as AdamW
/// would shrink the full weight, without touching anything outside the region.
/// </summary>
public sealed record TrainableTensor(string Name, Tensor Value, Tensor? DecayBase = null);
