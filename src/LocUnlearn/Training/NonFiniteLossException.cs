namespace LocUnlearn.Training;

/// <summary>A loss became NaN or infinite: the run stops with this, other runs go on.</summary>
public sealed class NonFiniteLossException(int step, double value, string context)
    : Exception($"{context}: the loss became {value} at step {step}. " +
        "Lower the learning rate, enable gradient clipping (max_grad_norm), or check the data for empty answers.")
{
    public int Step { get; } = step;
    public double Value { get; } = value;
}
