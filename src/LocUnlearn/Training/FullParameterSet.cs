using LocUnlearn.Model;

namespace LocUnlearn.Training;

/// <summary>Full-parameter training: the region is "everything".</summary>
public sealed class FullParameterSet : ITrainableSet
{
    public FullParameterSet(LlamaForCausalLM model)
    {
        Model = model;
        Tensors = model.named_parameters().Select(p =>
        {
            p.parameter.requires_grad_(true);
            return new TrainableTensor(p.name, p.parameter);
        }).ToArray();
        ParameterCount = Tensors.Sum(t => t.Value.numel());
    }

    public LlamaForCausalLM Model { get; }
    public IReadOnlyList<TrainableTensor> Tensors { get; }
    public long ParameterCount { get; }

    public void Commit() { }

    public void Dispose() { }
}
