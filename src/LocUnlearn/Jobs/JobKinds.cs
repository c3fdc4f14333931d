using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocUnlearn.Jobs;

/// <summary>The kinds of job a study plan holds, in pipeline order (also the order of the Slurm arrays).</summary>
[JsonConverter(typeof(JobKindJsonConverter))]
public enum JobKind
{
    Data,
    Pretrain,
    Retain,
    EvaluateThetaR,
    Inject,
    InjectFull,
    EvaluateThetaO,
    Unlearn,
    Relearn,
    UnlearnOverlap,
    Localize,
    UnlearnLocalized,
    Reconstruct,
    Report,
}

/// <summary>A kind's name in plan.json, cluster files and Slurm scripts: kebab-case ("evaluate-theta-r").</summary>
public static class JobKinds
{
    public static IReadOnlyList<JobKind> InOrder { get; } = Enum.GetValues<JobKind>();

    public static string Name(this JobKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static JobKind? Parse(string name) => InOrder.Where(k => k.Name() == name).Select(k => (JobKind?)k).FirstOrDefault();
}

public sealed class JobKindJsonConverter : JsonConverter<JobKind>
{
    public override JobKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string name = reader.GetString() ?? throw new JsonException("a job kind must be a string");
        return JobKinds.Parse(name)
            ?? throw new JsonException($"unknown job kind '{name}'; known: {string.Join(", ", JobKinds.InOrder.Select(k => k.Name()))}");
    }

    public override void Write(Utf8JsonWriter writer, JobKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
}
