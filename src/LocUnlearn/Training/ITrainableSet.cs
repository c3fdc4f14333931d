using LocUnlearn.Model;

namespace LocUnlearn.Training;

/// <summary>What a training run may change: every parameter, or a region of value vectors (SPEC 5).</summary>
public interface ITrainableSet : IDisposable
{
    /// <summary>The model whose forward passes the loss runs.</summary>
    LlamaForCausalLM Model { get; }

    IReadOnlyList<TrainableTensor> Tensors { get; }

    /// <summary>Number of trainable scalars.</summary>
    long ParameterCount { get; }

    /// <summary>Writes the trained values into the model's own weights (merges region deltas); idempotent. Without it,
    /// disposing a region set leaves the model unchanged.</summary>
    void Commit();
}
