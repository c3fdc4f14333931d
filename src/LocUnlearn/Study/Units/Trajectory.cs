using System.Text.Json;
using System.Text.Json.Serialization;
using LocUnlearn.Evaluation;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// A run's evaluated checkpoints (SPEC 4.8): step 0 is θo, then every k steps and the last. In JSON a checkpoint is one
/// flat object {"step", "forget_score", "retain_score", "log10_forget_quality", "model_utility"} (result.json).
/// </summary>
public static class Trajectory
{
    /// <summary>The trade-off points in step order, for AUES and MU95.</summary>
    public static IReadOnlyList<TradeOffPoint> Points(this IEnumerable<Checkpoint<TradeOffPoint>> trajectory) =>
        trajectory.Select(c => c.Point).ToList();
}

public sealed class CheckpointJsonConverter : JsonConverter<Checkpoint<TradeOffPoint>>
{
    private sealed record Flat(int Step, double ForgetScore, double RetainScore, double Log10ForgetQuality, double ModelUtility);

    public override Checkpoint<TradeOffPoint> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var f = JsonSerializer.Deserialize<Flat>(ref reader, options) ?? throw new JsonException("a checkpoint must be an object");
        return new Checkpoint<TradeOffPoint>(f.Step, new TradeOffPoint(f.ForgetScore, f.RetainScore, f.Log10ForgetQuality, f.ModelUtility));
    }

    public override void Write(Utf8JsonWriter writer, Checkpoint<TradeOffPoint> value, JsonSerializerOptions options)
    {
        var p = value.Point;
        JsonSerializer.Serialize(writer, new Flat(value.Step, p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility), options);
    }
}
