namespace LocUnlearn.Study;

/// <summary>How `locunlearn run` was asked to run (command-line overrides on top of the preset and config file).</summary>
public sealed record RunOptions
{
    public string Preset { get; init; } = "quick";
    public string? ConfigFile { get; init; }
    public string? Out { get; init; }
    public string? Data { get; init; }
    public string? Model { get; init; }
    /// <summary>--tokenizer: sets data.tokenizer (trimmed to the data when the tool trains θp).</summary>
    public string? Tokenizer { get; init; }
    /// <summary>--retain-model: sets retain.model_path (θr given as it is).</summary>
    public string? RetainModel { get; init; }
    public string? Device { get; init; }
    public int? Seeds { get; init; }
    /// <summary>--free-keys: sets inject.free_keys (regions also free the matching gate/up rows); null keeps the config's.</summary>
    public bool? FreeKeys { get; init; }
    /// <summary>Accepted for clarity: an existing run directory with the same config always resumes.</summary>
    public bool Resume { get; init; }
    /// <summary>Start over in a run directory whose config differs (its results are replaced).</summary>
    public bool Force { get; init; }
}
