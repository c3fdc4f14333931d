using System.Text.Json.Serialization;

namespace LocUnlearn.Localization;

/// <summary>
/// MemFlex (Tian et al. 2024) [default reformulation to value vectors, SPEC 7]: a value vector is located when the
/// cosine of its forget and retain gradient columns is below <see cref="CosineThreshold"/> and its mean |g_f| is above
/// the threshold; null = the median over all value vectors (the original thresholds were tuned for LoRA-sized
/// parameter groups and do not transfer).
/// </summary>
public sealed record MemFlexSettings
{
    public double CosineThreshold { get; init; } = 0.92;
    public double? MagnitudeThreshold { get; init; }
    /// <summary>Share of each forget answer's tokens replaced by uniformly random tokens.</summary>
    public double ReplaceFraction { get; init; } = 0.5;
}

/// <summary>WAGLE (Jia et al. 2024): μ of S = |(θ - ∇ℓ_r/μ) ⊙ ∇ℓ_f| (SPEC 7).</summary>
public sealed record WagleSettings
{
    public double Mu { get; init; } = 1e-3;
}

/// <summary>The localizers' own settings (config key localization.settings).</summary>
public sealed record LocalizerSettings
{
    [JsonPropertyName("memflex")]
    public MemFlexSettings MemFlex { get; init; } = new();
    public WagleSettings Wagle { get; init; } = new();
}
