using LocUnlearn.Evaluation;
using LocUnlearn.Config;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// Loads the data a model is unlearned or localized on. A model inside a run directory (e.g.
/// runs/quick/seeds/seed-0/inject/model) is read with that run's data settings, so the prompts are encoded exactly as
/// in the run (template, max length, splits); a model elsewhere needs --data.
/// </summary>
public static class StandaloneData
{
    /// <param name="outsideRun">the data settings for a model that lies in no run directory (default: the DataConfig
    /// defaults with the template detected from the model folder)</param>
    public static StudyData Load(ModelDataOptions o, DataConfig? outsideRun = null)
    {
        if (!Directory.Exists(o.ModelDir))
            throw new ArgumentException($"--model: {o.ModelDir} is not a folder; pass a Hugging Face model folder (config.json + safetensors).");
        var run = EnclosingRun(o.ModelDir);
        var data = run?.Config.Data ?? outsideRun ?? new DataConfig { Template = "auto" };
        if (run is not null) // the run's own tokenizer (trimmed into RUN/data when the run trimmed data.tokenizer)
            data = data with { Tokenizer = RunData.Files(new RunLayout(run.Root), run.Config).Tokenizer };
        if (o.Splits is var (forget, retain)) data = data with { ForgetSplit = forget, RetainSplit = retain };
        if (o.Template is { } template) data = data with { Template = template };
        if (o.Tokenizer is { } tokenizer) data = data with { Tokenizer = Path.GetFullPath(tokenizer) };
        string folder = o.DataDir
            ?? (run is null ? null : data.Source == DataSource.Folder ? data.Path : new RunLayout(run.Root).DataDir)
            ?? throw new ArgumentException($"--data: {o.ModelDir} is not inside a run directory, so there is no default data; " +
                "pass --data DIR (a TOFU-format folder).");
        return StudyData.Load(folder, data, o.ModelDir);
    }

    /// <summary>How the study evaluates a model that lies in a run directory (its evaluation settings), else null.</summary>
    public static EvaluationSettings? RunEvaluationSettings(string modelDir) =>
        EnclosingRun(modelDir) is { } run ? CachedEvaluations.Settings(run.Config) : null;

    /// <summary>The run directory a model lies in, or null.</summary>
    public static string? RunDirectoryOf(string modelDir) => EnclosingRun(modelDir)?.Root;

    private sealed record RunDirectory(string Root, ExperimentConfig Config);

    /// <summary>The nearest folder above the model holding a run's config.json (an HF config.json is not one).</summary>
    private static RunDirectory? EnclosingRun(string modelDir)
    {
        for (var dir = Directory.GetParent(Path.GetFullPath(modelDir)); dir is not null; dir = dir.Parent)
        {
            string file = new RunLayout(dir.FullName).ConfigFile;
            if (!File.Exists(file)) continue;
            try
            {
                return new RunDirectory(dir.FullName, ConfigJson.Parse(File.ReadAllText(file), file));
            }
            catch (ConfigException)
            {
                // not a run's config (e.g. a model folder nested in another model folder): keep looking upwards
            }
        }
        return null;
    }
}
