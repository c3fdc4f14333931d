using LocUnlearn.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using LocUnlearn.Evaluation;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Study.Units;

/// <summary>
/// evaluation.json beside a model: its trade-off point (and θr's per-item forget truth ratios, which every forget
/// quality needs), so the jobs of a plan evaluate θr and each θo once instead of once per run. Valid only for the model
/// fingerprint and evaluation settings it was made with.
/// </summary>
public sealed record EvaluationCache
{
    public const string FileName = "evaluation.json";

    private static readonly JsonSerializerOptions Json = new(ConfigJson.Options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public required string Fingerprint { get; init; }
    public required TradeOffPoint Point { get; init; }
    public IReadOnlyList<double>? ForgetTruthRatios { get; init; }

    public static string ThetaRFile(RunLayout layout) => Path.Combine(layout.Stage(RetainStage.Name), FileName);
    public static string ThetaOFile(RunLayout layout, long seed) => Path.Combine(layout.Inject(seed), FileName);

    /// <summary>The fingerprint that makes a cached evaluation valid: the model's and the study's evaluation settings.</summary>
    public static string FingerprintOf(string modelFingerprint, ExperimentConfig config) =>
        StageStore.Fingerprint("evaluation/2", modelFingerprint, config.Evaluation, config.Data.ForgetSplit, config.Data.RetainSplit);

    public static EvaluationCache? Read(string path, string fingerprint)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            var cache = JsonSerializer.Deserialize<EvaluationCache>(File.ReadAllText(path), Json);
            return cache?.Fingerprint == fingerprint ? cache : null;
        }
        catch (JsonException)
        {
            return null; // unreadable: evaluated again
        }
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
