using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// Asks a forward pass to keep intermediate tensors (still attached to the autograd graph, owned by the caller's
/// dispose scope): residual-stream outputs of layers (RMU), MLP outputs (reconstruction), coefficients a(h)
/// (Activations localizer). <see cref="StopAfterLayer"/> skips the layers above it when only those are needed.
/// </summary>
public sealed class ActivationCapture
{
    public ISet<int> ResidualLayers { get; init; } = new HashSet<int>();
    public ISet<int> MlpOutputLayers { get; init; } = new HashSet<int>();
    public ISet<int> CoefficientLayers { get; init; } = new HashSet<int>();
    public int? StopAfterLayer { get; init; }

    /// <summary>Layer l's output hidden state (B, T, C), i.e. HF's hidden_states[l + 1].</summary>
    public Dictionary<int, Tensor> Residuals { get; } = new();
    /// <summary>Layer l's MLP output before it joins the residual stream (B, T, C).</summary>
    public Dictionary<int, Tensor> MlpOutputs { get; } = new();
    /// <summary>Layer l's neuron coefficients a(h) (B, T, intermediate).</summary>
    public Dictionary<int, Tensor> Coefficients { get; } = new();

    /// <summary>
    /// Moves every captured tensor to the dispose scope outside the current one. Each forward method that opens a
    /// scope calls this before returning; otherwise the captures die with that scope and reach the caller as empty
    /// handles.
    /// </summary>
    internal void MoveToOuterDisposeScope()
    {
        foreach (var t in Residuals.Values.Concat(MlpOutputs.Values).Concat(Coefficients.Values))
            t.MoveToOuterDisposeScope();
    }

    public static ActivationCapture AllMlpOutputs(int layers) => new() { MlpOutputLayers = Enumerable.Range(0, layers).ToHashSet() };
    public static ActivationCapture AllCoefficients(int layers) => new() { CoefficientLayers = Enumerable.Range(0, layers).ToHashSet() };
}
