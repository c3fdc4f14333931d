namespace LocUnlearn.Study.Standalone;

/// <summary>
/// A model folder and the TOFU-format data a single command (unlearn, localize) runs it on. Unset values come from
/// the run directory the model lies in (its config.json's data section and data folder), else from the defaults of
/// <see cref="Config.DataConfig"/> with the chat template detected from the model folder.
/// </summary>
public sealed record ModelDataOptions
{
    public required string ModelDir { get; init; }
    public string? DataDir { get; init; }
    public string? Tokenizer { get; init; }
    public string? Template { get; init; }
    public string Device { get; init; } = "cpu";
    /// <summary>Forget and retain split overriding the run's (or the defaults); null keeps them.</summary>
    public (string Forget, string Retain)? Splits { get; init; }
}
