using System.Text.Json;
using LocUnlearn.Config;

namespace LocUnlearn.Jobs;

/// <summary>Slurm resources of one kind of job; unset values fall back to "default", then to Slurm's own defaults.</summary>
public sealed record JobResources
{
    public int? Gpus { get; init; }
    public int? Cpus { get; init; }
    /// <summary>Slurm memory, e.g. "32G".</summary>
    public string? Mem { get; init; }
    /// <summary>Slurm time limit, e.g. "02:00:00".</summary>
    public string? Time { get; init; }

    public JobResources Over(JobResources fallback) => new()
    {
        Gpus = Gpus ?? fallback.Gpus, Cpus = Cpus ?? fallback.Cpus, Mem = Mem ?? fallback.Mem, Time = Time ?? fallback.Time,
    };
}

/// <summary>
/// The cluster file of `--executor slurm` (`--cluster FILE`, docs/jobs.md): partition, account, extra sbatch arguments,
/// the command that starts the CLI on compute nodes, and resources per job kind (keys: "default" and the kinds of
/// <see cref="JobKinds"/>). Kept apart from the experiment config: changing a partition must not change a study.
/// </summary>
public sealed record ClusterSettings
{
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];
    /// <summary>Program and leading arguments that start the CLI on a compute node (default: this machine's own CLI
    /// through `dotnet`, which must then be on a shared file system).</summary>
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyDictionary<string, JobResources> Resources { get; init; } = new Dictionary<string, JobResources>();

    public JobResources For(JobKind kind)
    {
        var fallback = Resources.GetValueOrDefault("default") ?? new JobResources();
        return Resources.TryGetValue(kind.Name(), out var own) ? own.Over(fallback) : fallback;
    }

    public static ClusterSettings Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{path}: cluster file not found (see docs/jobs.md for its keys).");
        ClusterSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<ClusterSettings>(File.ReadAllText(path), ConfigJson.Options);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: {e.Message} (keys: partition, account, sbatch_args, command, resources; see docs/jobs.md).");
        }
        settings ??= new ClusterSettings();
        var unknown = settings.Resources.Keys.Where(k => k != "default" && JobKinds.Parse(k) is null).ToList();
        if (unknown.Count > 0)
            throw new ConfigException($"{path}: resources for unknown job kinds {string.Join(", ", unknown)}; " +
                $"use \"default\" or one of {string.Join(", ", JobKinds.InOrder.Select(k => k.Name()))}.");
        if (settings.Command is { Count: 0 })
            throw new ConfigException($"{path}: command is empty; give the program that starts locunlearn on compute nodes, or leave it out.");
        return settings;
    }
}
