namespace LocUnlearn.Study.Standalone;

/// <summary>`locunlearn localize`: score every value vector of a model with one localizer and keep the top
/// <see cref="Fraction"/>; with <see cref="Target"/> (V_tgt), measure how much of it was found (SPEC 7).</summary>
public sealed record LocalizeRequest
{
    public required ModelDataOptions Model { get; init; }
    public required string Method { get; init; }
    public double Fraction { get; init; } = 0.1;
    public string? Target { get; init; }
    /// <summary>Region file to write; the scores go next to it (<see cref="ScoresPath"/>).</summary>
    public required string Out { get; init; }
    /// <summary>Forget/retain items the scores are computed on (0 = all).</summary>
    public int MaxItems { get; init; }
    public int BatchSize { get; init; } = 8;
    public long Seed { get; init; }

    /// <summary>region.json → region.scores.json, so a region can be re-cut at another fraction without rescoring.</summary>
    public static string ScoresPath(string regionPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(regionPath))!, Path.GetFileNameWithoutExtension(regionPath) + ".scores.json");
}
