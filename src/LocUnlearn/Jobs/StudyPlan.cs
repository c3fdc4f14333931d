using LocUnlearn.Common;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>
/// plan.json: every job of a study with its dependencies and output path in the shared run directory
/// (`locunlearn plan`). The run directory holds config.json, so a worker needs nothing but this file and a job id.
/// </summary>
public sealed record StudyPlan
{
    public const string CurrentFormat = "locunlearn-plan/1";
    public const string FileName = "plan.json";

    public string Format { get; init; } = CurrentFormat;
    public required string RunDir { get; init; }
    /// <summary>libtorch threads every job runs with, whichever executor runs it: the CPU kernels are bit-identical only
    /// for a fixed thread count (config threads, else the planning machine's cores).</summary>
    public required int Threads { get; init; }
    /// <summary>Every job after its dependencies (<see cref="StudyPlanner"/> builds it in that order).</summary>
    public required IReadOnlyList<PlannedJob> Jobs { get; init; }

    public RunLayout Layout => new(RunDir);

    public PlannedJob Job(string id) => Jobs.FirstOrDefault(j => j.Id == id)
        ?? throw new ArgumentException($"--id: no job '{id}' in the plan of {RunDir}; `locunlearn status --run {RunDir}` lists them.");

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ConfigJson.Options));

    public static StudyPlan Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{path}: plan not found; make one with `locunlearn plan --config FILE --out {path}`.");
        StudyPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<StudyPlan>(File.ReadAllText(path), ConfigJson.Options);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: not a valid plan ({e.Message}); make it again with `locunlearn plan`.");
        }
        if (plan is null || plan.Format != CurrentFormat)
            throw new ConfigException($"{path}: format '{plan?.Format}' is not {CurrentFormat}; make it again with this version's `locunlearn plan`.");
        if (!File.Exists(plan.Layout.ConfigFile))
            throw new ConfigException($"{path}: its run directory has no config.json ({plan.Layout.ConfigFile}); make the plan again with `locunlearn plan`.");
        return plan;
    }
}
