namespace LocUnlearn.Training;

/// <summary>An update rule over the trained tensors, applied after their gradients are accumulated and clipped
/// (<see cref="TrainableGradients"/>).</summary>
public interface IOptimizer : IDisposable
{
    /// <summary>Bytes the optimizer holds between steps (moments, master copies).</summary>
    long StateBytes { get; }

    void Step(double lr);
}
