using LocUnlearn.Common;
using System.Text.Json.Nodes;
using LocUnlearn.Training;

namespace LocUnlearn.Study.Stages;

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
    /// <summary>Inputs' fingerprints and seeds; <c>data_hash</c> there is one SHA-256 over the forget and retain files.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    /// <summary>SHA-256 of each data file the stage read (trained or evaluated on), by split name: e.g. forget10,
    /// retain90, and pretrain for the synthetic world's corpus.</summary>
    public IReadOnlyDictionary<string, string> DataHashes { get; init; } = new Dictionary<string, string>();
    public int Steps { get; init; }
    public IReadOnlyList<double> Losses { get; init; } = [];
    /// <summary>θo's stages: the forget set's NLL per step, the first term of <see cref="Losses"/> without the replayed rows
    /// (empty for other stages and for records written before it existed).</summary>
    public IReadOnlyList<double> ForgetLosses { get; init; } = [];
    public long TrainableParameters { get; init; }
    public long OptimizerStateBytes { get; init; }
    public string? RegionFile { get; init; }
    public InvariantCheck? Invariant { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>A stage that trained nothing because its model was given (θr from retain.model_path): where it is and the
    /// SHA-256 of its weight files.</summary>
    public GivenModel? Given { get; init; }
    /// <summary>The files the stage wrote (size and content hash), verified before the stage is reused.</summary>
    public IReadOnlyDictionary<string, OutputFile> Outputs { get; init; } = new Dictionary<string, OutputFile>();

    /// <summary>
    /// What downstream units depend on: the inputs' <see cref="Fingerprint"/> and the content of the outputs. A stage
    /// recomputed after its files were damaged gives the same identity when it writes the same bytes, so what was
    /// computed from it stays valid; if it wrote other bytes, everything downstream runs again.
    /// </summary>
    public string Identity() => Outputs.Count == 0 ? Fingerprint : StageStore.Fingerprint(Fingerprint, OutputFiles.Digest(Outputs));
}

/// <summary>A model the user gave instead of a stage training it: its folder and the SHA-256 over its weight files (in
/// <see cref="LocUnlearn.Model.Checkpoints.ModelFolder.WeightFiles"/> order).</summary>
public sealed record GivenModel(string Path, string WeightsSha256);
