using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Evaluation;

/// <summary>
/// Model mixing for the SPEC 9 alternatives of AUES and MU95: writes θ(α) = (1-α)θo + αθu IN PLACE into the
/// unlearned model's parameters. Only parameters that differ between θo and θu are kept (both values), so a run that
/// changed down_proj alone costs two copies of down_proj, not of the model; θo's model can be disposed afterwards.
/// <see cref="Restore"/> writes θu back exactly.
/// </summary>
public sealed class ParameterMixer : IDisposable
{
    private readonly IReadOnlyList<MixedTensor> _tensors;

    /// <param name="target">Holds θu; receives θ(α).</param>
    /// <param name="original">θo (same architecture); read once here.</param>
    public ParameterMixer(LlamaForCausalLM target, LlamaForCausalLM original)
    {
        var originals = original.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var tensors = new List<MixedTensor>();
        using var _ = no_grad();
        foreach (var (name, parameter) in target.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (!originals.TryGetValue(name, out var source) || !source.shape.SequenceEqual(parameter.shape))
                throw new ArgumentException($"{name}: θo and θu do not have the same parameters; mixing needs one architecture.");
            if (source.to(parameter.device).eq(parameter).all().item<bool>())
                continue;
            var unlearned = parameter.detach().clone().DetachFromDisposeScope();
            var originalValue = source.detach().to(parameter.dtype, parameter.device).clone().DetachFromDisposeScope();
            tensors.Add(new MixedTensor(name, parameter, originalValue, unlearned));
        }
        _tensors = tensors;
    }

    /// <summary>Names of the parameters that differ between θo and θu (the only ones mixing touches).</summary>
    public IReadOnlyList<string> MixedParameters => _tensors.Select(t => t.Name).ToArray();

    /// <summary>Sets the target's parameters to θ(α); α = 0 and α = 1 give θo and θu exactly.</summary>
    public void Apply(double alpha)
    {
        if (alpha is < 0 or > 1 || double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must lie in [0, 1]");
        using var _ = no_grad();
        foreach (var t in _tensors)
        {
            if (alpha == 0) t.Target.copy_(t.Original);
            else if (alpha == 1) t.Target.copy_(t.Unlearned);
            else
            {
                using var mixed = t.Original.lerp(t.Unlearned, alpha);
                t.Target.copy_(mixed);
            }
        }
    }

    /// <summary>Writes θu back.</summary>
    public void Restore() => Apply(1);

    /// <summary>
    /// MU95's alternative: bisection on α for MU(θ(α)) = <paramref name="target"/> (e.g. 0.95·MU(θo)) with
    /// <see cref="ModelMixing.BisectAlpha"/>; <paramref name="utilityOfTarget"/> evaluates the target model as it is.
    /// θu is restored afterwards, even when an evaluation throws.
    /// </summary>
    public MixingBisectionResult BisectUtility(Func<double> utilityOfTarget, double target, double tolerance = 1e-3, int maxEvaluations = 30)
    {
        try
        {
            return ModelMixing.BisectAlpha(alpha => { Apply(alpha); return utilityOfTarget(); }, target, tolerance, maxEvaluations);
        }
        finally
        {
            Restore();
        }
    }

    /// <summary>Frees the kept values; does not touch the target (it may already be disposed): call
    /// <see cref="Restore"/> first when the target must hold θu again.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors)
        {
            t.Original.Dispose();
            t.Unlearned.Dispose();
        }
    }

    private sealed record MixedTensor(string Name, Tensor Target, Tensor Original, Tensor Unlearned);
}
