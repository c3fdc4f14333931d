namespace LocUnlearn.Unlearning;

/// <summary>GD = GA on the forget batch plus the retain term.</summary>
public sealed record GdSettings
{
    public RetainTerm Retain { get; init; } = new();
}

/// <summary>WGA (Wang et al. 2025): β = 1.0 as OpenUnlearning; the authors' code uses 5 (SPEC 6).</summary>
public sealed record WgaSettings
{
    public double Beta { get; init; } = 1.0;
    public RetainTerm Retain { get; init; } = new();

    internal void Validate()
    {
        if (!(Beta >= 0 && double.IsFinite(Beta))) throw new ArgumentException($"wga.beta must be >= 0, got {Beta}.");
    }
}

/// <summary>NPO (Zhang et al. 2024): β = 0.1 (SPEC 6).</summary>
public sealed record NpoSettings
{
    public double Beta { get; init; } = 0.1;
    public RetainTerm Retain { get; init; } = new();

    internal void Validate()
    {
        if (!(Beta > 0 && double.IsFinite(Beta))) throw new ArgumentException($"npo.beta must be > 0 (the loss divides by it), got {Beta}.");
    }
}

/// <summary>DPO with a refusal as the preferred answer: β = 0.1 (SPEC 6).</summary>
public sealed record DpoSettings
{
    public double Beta { get; init; } = 0.1;
    public RetainTerm Retain { get; init; } = new();

    internal void Validate()
    {
        if (!(Beta > 0 && double.IsFinite(Beta))) throw new ArgumentException($"dpo.beta must be > 0 (the loss divides by it), got {Beta}.");
    }
}

/// <summary>
/// RMU (Li et al. 2024). The RMU paper steers layer ℓ = 7 of 32 with c = 6.5, α = 1200 on Zephyr-7B (c = 300,
/// α = 1600 on Mixtral), and its loss is an element mean (MSE); SPEC 6 uses the squared norm per token, so α keeps its
/// meaning but c must match the scale of ‖h_ℓ‖, which differs by orders of magnitude between models. Defaults for
/// small models [default]: ℓ = round(7/32 · n_layers) (the same relative depth), c = <see cref="CoefficientScale"/>
/// × the mean ‖h_ℓ^ref‖ over the real tokens of the first forget batch (fixed once measured), α = 100.
/// </summary>
public sealed record RmuSettings
{
    /// <summary>Steered decoder layer ℓ (0-based, HF hidden_states[ℓ + 1]); null = round(7/32 · n_layers).</summary>
    public int? Layer { get; init; }
    /// <summary>Fixed steering coefficient c; null = <see cref="CoefficientScale"/> × mean reference norm.</summary>
    public double? Coefficient { get; init; }
    public double CoefficientScale { get; init; } = 4.0;
    /// <summary>Weight α of the retain term mean ‖h_ℓ^θ(x_r) - h_ℓ^ref(x_r)‖².</summary>
    public double Alpha { get; init; } = 100.0;
    /// <summary>Seed of the random unit vector u.</summary>
    public long Seed { get; init; }

    public int LayerFor(int layers) => Layer switch
    {
        null => Math.Clamp((int)Math.Round(7.0 / 32 * layers), 0, layers - 1),
        int l when l < layers => l,
        int l => throw new ArgumentException($"rmu.layer {l} does not exist in a model of {layers} layers."),
    };

    internal void Validate()
    {
        if (Layer is < 0) throw new ArgumentException($"rmu.layer must be >= 0, got {Layer}.");
        if (Coefficient is { } c && !(c > 0 && double.IsFinite(c))) throw new ArgumentException($"rmu.coefficient must be > 0, got {c}.");
        if (!(CoefficientScale > 0 && double.IsFinite(CoefficientScale)))
            throw new ArgumentException($"rmu.coefficient_scale must be > 0, got {CoefficientScale}.");
        if (!(Alpha >= 0 && double.IsFinite(Alpha))) throw new ArgumentException($"rmu.alpha must be >= 0, got {Alpha}.");
    }
}

/// <summary>Settings of every objective; <see cref="UnlearningObjectives.Create"/> picks the one its name needs.</summary>
public sealed record ObjectiveSettings
{
    public GdSettings Gd { get; init; } = new();
    public WgaSettings Wga { get; init; } = new();
    public NpoSettings Npo { get; init; } = new();
    public DpoSettings Dpo { get; init; } = new();
    public RmuSettings Rmu { get; init; } = new();
}
