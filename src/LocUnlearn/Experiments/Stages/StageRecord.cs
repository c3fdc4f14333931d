using System.Text.Json.Nodes;
using LocUnlearn.Training;

namespace LocUnlearn.Experiments.Stages;

/// <summary>
/// What a stage did, written last (atomically) into its folder: its presence with a matching
/// <see cref="Fingerprint"/> means the stage is complete and need not run again.
/// </summary>
public sealed record StageRecord
{
    public required string Stage { get; init; }
    /// <summary>Hash of everything the stage's output depends on (config, inputs' fingerprints, data, seed).</summary>
    public required string Fingerprint { get; init; }
    public DateTime CompletedUtc { get; init; } = DateTime.UtcNow;
    public double WallSeconds { get; init; }
    public JsonNode? Config { get; init; }
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    public int Steps { get; init; }
    public IReadOnlyList<double> Losses { get; init; } = [];
    public long TrainableParameters { get; init; }
    public long OptimizerStateBytes { get; init; }
    public string? RegionFile { get; init; }
    public InvariantCheck? Invariant { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
