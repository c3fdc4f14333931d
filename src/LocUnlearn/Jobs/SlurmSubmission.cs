using LocUnlearn.Common;
using System.Text.Json;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>One sbatch array: the jobs of one kind, its Slurm job id and the arrays it waits for.</summary>
public sealed record SlurmArray(JobKind Kind, string SlurmJobId, string Script, IReadOnlyList<string> Jobs, IReadOnlyList<string> AfterOk);

/// <summary>jobs/slurm/submitted.json: what `--executor slurm` submitted last (read by `locunlearn status`).</summary>
public sealed record SlurmSubmission(DateTime SubmittedUtc, IReadOnlyList<SlurmArray> Arrays)
{
    public static string Dir(RunLayout layout) => Path.Combine(JobFiles.Dir(layout), "slurm");
    public static string FilePath(RunLayout layout) => Path.Combine(Dir(layout), "submitted.json");

    public void Write(RunLayout layout) => AtomicFile.WriteAllText(FilePath(layout), JsonSerializer.Serialize(this, ConfigJson.Options));

    public static SlurmSubmission? Read(RunLayout layout)
    {
        string path = FilePath(layout);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<SlurmSubmission>(File.ReadAllText(path), ConfigJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
