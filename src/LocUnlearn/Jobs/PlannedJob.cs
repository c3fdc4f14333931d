using LocUnlearn.Study;
using System.Text.Json.Serialization;

namespace LocUnlearn.Jobs;

/// <summary>
/// One unit of work of a study (docs/jobs.md): a stage, an evaluation, an unlearning run, a localizer, a reconstruction
/// run, or the report. <see cref="Output"/> is relative to the run directory; a job is done when its completion record
/// there exists (see <see cref="JobState"/>).
/// </summary>
public sealed record PlannedJob
{
    public required string Id { get; init; }
    public required JobKind Kind { get; init; }
    public IReadOnlyList<string> Deps { get; init; } = [];
    public required string Output { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Objective { get; init; }

    /// <summary>oracle, random, loc-METHOD (unlearning) or oracle, random_a, ... (reconstruction).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Arm? Region { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Method { get; init; }

    /// <summary>The id as a file name (for locks and logs): '/' becomes '__'.</summary>
    [JsonIgnore]
    public string FileStem => Id.Replace("/", "__", StringComparison.Ordinal);
}
