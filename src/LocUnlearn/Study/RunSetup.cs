using LocUnlearn.Common;
using System.Text.Json.Nodes;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Study;

/// <summary>
/// Resolves the config (preset, then --config file, then command-line flags), and prepares the run directory:
/// a new one gets config.json; an existing one must have the same config (else the differing keys are listed),
/// and then the run resumes.
/// </summary>
public static class RunSetup
{
    public static ExperimentConfig Resolve(RunOptions o)
    {
        var config = Presets.Get(o.Preset);
        var fileObject = o.ConfigFile is { } file ? ConfigJson.LoadObject(file) : null;
        RequireUserInputs(o, fileObject);
        var flags = new JsonObject();
        var dataFlags = new JsonObject();
        if (o.Data is { } data)
        {
            dataFlags["source"] = "folder";
            dataFlags["path"] = Path.GetFullPath(data);
        }
        if (o.Tokenizer is { } tokenizer)
            dataFlags["tokenizer"] = Path.GetFullPath(tokenizer);
        if (dataFlags.Count > 0)
            flags["data"] = dataFlags;
        if (o.Model is { } model)
            flags["model"] = new JsonObject { ["path"] = Path.GetFullPath(model) };
        if (o.RetainModel is { } retainModel)
            flags["retain"] = new JsonObject { ["model_path"] = Path.GetFullPath(retainModel) };
        if (o.Device is { } device)
            flags["device"] = device;
        if (o.Seeds is { } seeds)
            flags["seeds"] = seeds;
        if (o.FreeKeys is { } freeKeys)
            flags["inject"] = new JsonObject { ["free_keys"] = freeKeys };
        // The file and the flags are validated together: a preset whose data.path only --data gives (paper, tofu) is
        // incomplete under the file alone.
        string source = fileObject is null ? "command line" : flags.Count == 0 ? o.ConfigFile! : $"{o.ConfigFile} with the command line";
        config = ConfigJson.Merge(config, fileObject is null ? flags : ConfigJson.Combine(fileObject, flags), source);
        if (config.Data.Source == DataSource.Folder && config.Data.Path is { } p && !Directory.Exists(p))
            throw new ConfigException($"data.path: {p} does not exist (from --data or the config's data.path); " +
                                      "point it to a folder of TOFU files (see ../shared/tofu/README.md).");
        if (config.Model.Path is { } m && !Directory.Exists(m))
            throw new ConfigException($"model.path: {m} does not exist (from --model or the config's model.path); point it to a Hugging Face model folder.");
        if (config.Retain.ModelPath is { } r && !Directory.Exists(r))
            throw new ConfigException($"retain.model_path: {r} does not exist (from --retain-model or the config's retain.model_path); " +
                                      "point it to a Hugging Face model folder (θr).");
        if (config.Data.Source == DataSource.Folder && config.ModelFolder() is null && config.Data.PretrainCorpus == PretrainCorpusSource.Folder
            && !File.Exists(Path.Combine(config.Data.Path!, SyntheticWorld.PretrainFile)))
            throw new ConfigException(
                $"model.path: none given, and {config.Data.Path} has no {SyntheticWorld.PretrainFile}: the {config.Preset} preset pretrains θp on the " +
                $"synthetic world's general-knowledge corpus (and replays it while training θr, retain_corpus_replay), which real TOFU does not " +
                "have. Pass --model with a Hugging Face model folder (your θp), or use the tofu preset (a model trained from scratch on real " +
                "TOFU: --preset tofu --data DIR --tokenizer tokenizer.json).");
        StudyInputs.Validate(config);
        return config;
    }

    /// <summary>
    /// The paper preset runs on the user's TOFU folder and Hugging Face model (θp, or a given θr, which makes θp
    /// unnecessary), the tofu preset on the user's TOFU folder and tokenizer.json: refused before anything is loaded when
    /// an input is given neither on the command line nor in the
    /// --config file, naming every missing flag.
    /// </summary>
    private static void RequireUserInputs(RunOptions o, JsonObject? file)
    {
        if (o.Preset is not ("paper" or "tofu"))
            return;
        var missing = new List<string>();
        if (o.Preset == "paper" && o.Model is null && file?["model"]?["path"] is null && o.RetainModel is null && file?["retain"]?["model_path"] is null)
            missing.Add("--model DIR (a Hugging Face model folder, e.g. LLaMA-3.1-8B-Instruct; the paper preset does not pretrain θp) " +
                        "or --retain-model DIR (a retain-tuned θr such as a published retain90 checkpoint)");
        if (o.Data is null && file?["data"]?["path"] is null)
            missing.Add("--data DIR (a folder of TOFU files, see ../shared/tofu/README.md)");
        if (o.Preset == "tofu" && o.Tokenizer is null && file?["data"]?["tokenizer"] is null)
            missing.Add("--tokenizer FILE (a byte-level BPE tokenizer.json, e.g. a Llama-3 model folder's; the run trims it to TOFU)");
        if (missing.Count > 0)
            throw new ConfigException($"--preset {o.Preset} needs {string.Join(" and ", missing)}.");
    }

    public static string DefaultOut(ExperimentConfig config) => Path.Combine("runs", config.Preset);

    /// <summary>The config of an existing run directory (its config.json), for commands that work on a run made earlier.</summary>
    /// <param name="flag">the option that named the directory, for the error message</param>
    public static ExperimentConfig Reopen(RunLayout layout, string flag = "--run")
    {
        if (!File.Exists(layout.ConfigFile))
            throw new ConfigException($"{flag}: {layout.ConfigFile} not found; " +
                                      "point to a run directory made by `locunlearn run`, `locunlearn stage` or `locunlearn plan`.");
        return ConfigJson.Parse(File.ReadAllText(layout.ConfigFile), layout.ConfigFile);
    }

    /// <summary>
    /// libtorch's intra-op threads for a run: the config's `threads`, else one per core. libtorch's CPU kernels give
    /// bit-identical results only for a fixed thread count, so the plan fixes it for every executor (StudyPlan.Threads).
    /// </summary>
    public static int Threads(ExperimentConfig config) => config.Threads > 0 ? config.Threads : Environment.ProcessorCount;

    public static void ApplyThreads(int threads) => TorchSharp.torch.set_num_threads(threads);

    public static void ApplyThreads(ExperimentConfig config) => ApplyThreads(Threads(config));

    /// <summary>
    /// Takes the run directory for this process: refuses a folder that is not a run directory of ours, takes its lock
    /// (a second process is refused), then writes or checks config.json. Dispose the result to release the lock.
    /// </summary>
    /// <param name="what">the command, for the message another process gets while this one holds the directory</param>
    public static PreparedRun Prepare(string root, ExperimentConfig config, bool force, string what = "locunlearn run")
    {
        var layout = new RunLayout(Path.GetFullPath(root));
        RunDirectory.RequireUsable(layout.Root);
        Directory.CreateDirectory(layout.Root);
        var runLock = RunLock.Acquire(layout, what, SlurmQueue.AnyAlive);
        try
        {
            WriteConfig(layout, config, force);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
        return new PreparedRun(layout, runLock);
    }

    /// <summary>Takes an existing run directory (report, status-changing commands): its config and its lock.</summary>
    public static (ExperimentConfig Config, RunLock Lock) Take(RunLayout layout, string what, string flag = "--run")
    {
        var config = Reopen(layout, flag);
        return (config, RunLock.Acquire(layout, what, SlurmQueue.AnyAlive));
    }

    private static void WriteConfig(RunLayout layout, ExperimentConfig config, bool force)
    {
        var wanted = ConfigJson.ToNode(config);
        if (File.Exists(layout.ConfigFile))
        {
            var existing = JsonNode.Parse(File.ReadAllText(layout.ConfigFile));
            var diff = ConfigDiff.Keys(existing, wanted).Where(k => k != "memory_check").ToList();
            if (diff.Count > 0 && !force)
                throw new ConfigException(
                    $"{layout.ConfigFile}: this run directory was made with a different config (differing keys: {string.Join(", ", diff)}). " +
                    "Use another --out, or --force to start over with the new config.");
        }
        AtomicFile.WriteAllText(layout.ConfigFile, ConfigJson.Serialize(config));
    }
}

/// <summary>A run directory this process holds: its layout and its lock (released on dispose).</summary>
public sealed record PreparedRun(RunLayout Layout, RunLock Lock) : IDisposable
{
    public void Dispose() => Lock.Dispose();
}
