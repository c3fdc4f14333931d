using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// `locunlearn unlearn`: θo, a region file (or <see cref="FullRegion"/> for all parameters), one objective with its
/// settings, the optimisation, and where to write. Without <see cref="ReferenceModel"/> (θr) forget quality cannot be
/// computed: FS, RS and MU are evaluated, log10 FQ is NaN and MU95 is absent.
/// </summary>
public sealed record UnlearnRequest
{
    public const string FullRegion = "full";

    public required ModelDataOptions Model { get; init; }
    public required string Region { get; init; }
    /// <summary>The region also frees the matching gate/up rows (as inject.free_keys in a study); ignored for the full region.</summary>
    public bool FreeKeys { get; init; }
    public required string Objective { get; init; }
    public ObjectiveSettings Settings { get; init; } = new();
    public TrainingConfig Training { get; init; } = new();
    public int EvalEvery { get; init; } = 10;
    public string? ReferenceModel { get; init; }
    public required string OutDir { get; init; }
    /// <summary>RS uses the first N retain rows (0 = all).</summary>
    public int RetainItems { get; init; } = 400;
    /// <summary>Rows per utility split (0 = all).</summary>
    public int UtilityItems { get; init; }
    public int MaxNewTokens { get; init; } = 200;
    public int EvalBatchSize { get; init; } = 32;
}
