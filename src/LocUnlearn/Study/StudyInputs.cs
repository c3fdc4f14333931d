using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Study.Units;
using LocUnlearn.Text;

namespace LocUnlearn.Study;

/// <summary>
/// Everything a study will read, checked before anything is trained and before config.json is written: every split
/// file (fully parsed: forget, retain, their perturbed and utility splits, refusals, the pretraining corpus when it is
/// read), the models it loads (θp, a given θr: config.json and every weight, <see cref="ModelFolder.Verify"/>), the
/// tokenizer, and the settings that depend on the model (rmu.layer). A mistake found hours later, after θp, θr and θo
/// trained, costs the whole run; found here it costs seconds, and the corrected rerun is not refused as "a different
/// config".
/// </summary>
public static class StudyInputs
{
    public static void Validate(ExperimentConfig config)
    {
        int layers = config.ModelFolder() is { } model ? ModelConfig(model, ModelKey(config)).NumHiddenLayers : config.Model.Layers;
        if (config.Model.Path is { } thetaP && config.Retain.ModelPath is { } thetaR)
            SameShape(ModelConfig(thetaP, "model.path"), ModelConfig(thetaR, "retain.model_path"), thetaP, thetaR);
        if (config.Retain.ModelPath is { } givenThetaR)
            ModelFolder.Verify(givenThetaR);
        if (config.Model.Path is { } thetaPWeights && config.NeedsThetaP())
            ModelFolder.Verify(thetaPWeights);
        if (config.Unlearn.Objectives.Contains("rmu"))
        {
            try
            {
                config.Unlearn.Settings.Rmu.LayerFor(layers);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"unlearn.settings.rmu.layer: {e.Message} Choose a layer in [0, {layers - 1}] or leave it out (7/32 of the depth).");
            }
        }
        if (config.Data.Source == DataSource.Folder)
            DataFiles(config);
        if (TokenizerFile(config) is { } tokenizer)
            Tokenizer(config, tokenizer);
    }

    /// <summary>
    /// The tokenizer loads; one the run will trim (data.tokenizer without model.path) is a byte-level BPE file the trimmer
    /// takes; with the plain template it has an end-of-text token to end answers with.
    /// </summary>
    private static void Tokenizer(ExperimentConfig config, string path)
    {
        const string Fix = "pass a Hugging Face byte-level BPE tokenizer.json (e.g. a Llama-3 model folder's) with --tokenizer or data.tokenizer";
        try
        {
            using var tokenizer = HfTokenizer.Load(path);
            if (config.ModelFolder() is { } model)
                FitsModel(config, path, tokenizer.VocabSize, model);
            if (RunData.TrimsTokenizer(config))
                TokenizerTrimming.RequireTrimmable(path);
            if (config.Data.Template == "plain" && tokenizer.TokenToId(PlainTemplate.For(tokenizer).EosToken) is null)
                throw new TokenizerFormatException(
                    $"{path}: has none of the end-of-text tokens the plain template ends answers with ({string.Join(", ", PlainTemplate.EosCandidates)}).");
        }
        catch (TokenizerFormatException e) when (config.Data.Tokenizer is not null)
        {
            throw new ConfigException($"data.tokenizer: {e.Message} {Fix}.");
        }
    }

    /// <summary>
    /// A given model (θp or θr) keeps its own vocabulary and is never trimmed: a tokenizer with more ids than its
    /// embedding would fail in the first forward pass ("index out of range in self", from libtorch) after θr's weights
    /// were hashed; e.g. the full Llama-3 tokenizer beside a model trained here with the trimmed one.
    /// </summary>
    private static void FitsModel(ExperimentConfig config, string tokenizerPath, int tokenizerVocab, string model)
    {
        int modelVocab = ModelConfig(model, ModelKey(config)).VocabSize;
        if (tokenizerVocab <= modelVocab)
            return;
        string key = config.Data.Tokenizer is not null ? "data.tokenizer" : ModelKey(config);
        throw new ConfigException(
            $"{key}: {tokenizerPath} has {tokenizerVocab} token ids, but the model in {model} has vocab_size {modelVocab} " +
            $"({ModelFolder.ConfigFile}): ids from {modelVocab} on have no embedding row. A given model ({ModelKey(config)}) keeps " +
            "its own vocabulary and its tokenizer is not trimmed: pass the tokenizer the model was trained with (its folder's " +
            "tokenizer.json; for a model this tool trained, RUN/data/tokenizer/tokenizer.json), or leave --tokenizer out when " +
            "the model folder holds it.");
    }

    private static string ModelKey(ExperimentConfig config) => config.Model.Path is null ? "retain.model_path" : "model.path";

    private static LlamaConfig ModelConfig(string folder, string key)
    {
        string path = Path.Combine(folder, ModelFolder.ConfigFile);
        if (!File.Exists(path))
            throw new ConfigException($"{key}: {folder} has no {ModelFolder.ConfigFile}; pass a Hugging Face model folder (config.json + safetensors).");
        return LlamaConfig.Load(path);
    }

    /// <summary>A given θr must be θp fine-tuned: the same architecture and shape (the regions index θp's value vectors).</summary>
    private static void SameShape(LlamaConfig p, LlamaConfig r, string thetaP, string thetaR)
    {
        var a = (p.Architecture, p.NumHiddenLayers, p.HiddenSize, p.IntermediateSize, p.VocabSize);
        var b = (r.Architecture, r.NumHiddenLayers, r.HiddenSize, r.IntermediateSize, r.VocabSize);
        if (a != b)
            throw new ConfigException($"retain.model_path: {thetaR} has (architecture, layers, hidden, intermediate, vocab) {b}, θp ({thetaP}) {a}; " +
                                      "θr must be θp fine-tuned on the retain split.");
    }

    /// <summary>Every split the study reads, parsed to the last row (a truncated file or a bad row fails now).</summary>
    private static void DataFiles(ExperimentConfig config)
    {
        var reader = new TofuReader(config.Data.Path!);
        reader.LoadForgetRetain(config.Data.ForgetSplit, config.Data.RetainSplit);
        var settings = CachedEvaluations.Settings(config);
        var missing = EvaluationSuite.RequiredSplits(settings).Where(s => !reader.Has(s)).Select(reader.PathOf).ToList();
        if (missing.Count > 0)
            throw new TofuFormatException($"{config.Data.Path}: the evaluation needs {string.Join(", ", missing)}, which are missing; " +
                                          "a TOFU folder holds every split of ../shared/tofu/README.md.");
        foreach (string split in EvaluationSuite.RequiredSplits(settings).Where(s => s.EndsWith("_perturbed", StringComparison.Ordinal)))
            reader.LoadPerturbed(split);
        if (config.Unlearn.Objectives.Contains("dpo"))
            reader.LoadRefusals();
        bool retainReplays = config.NeedsThetaP() && config.Retain.Steps > 0 && config.RetainCorpusReplay > 0;
        bool injectReplays = config.Inject.Training.Steps > 0 && config.Inject.CorpusReplay > 0;
        if (config.NeedsThetaP() && config.Model.Path is null || retainReplays || injectReplays)
            Corpus(config, reader, retainReplays);
    }

    /// <summary>The pretraining corpus, read when θp is pretrained (no model.path; RunSetup refuses a folder without it
    /// then), replayed while θr trains (not when θr is given) or replayed beside the injection batches.</summary>
    private static void Corpus(ExperimentConfig config, TofuReader reader, bool retainReplays)
    {
        if (File.Exists(reader.CorpusPath))
            reader.LoadCorpus();
        else if (config.Model.Path is not null && !retainReplays)
            throw new ConfigException(
                $"inject.corpus_replay: {config.Inject.CorpusReplay} replays {reader.CorpusPath} beside every injection batch, but " +
                $"{config.Data.Path} has no {SyntheticWorld.PretrainFile} (real TOFU has no pretraining corpus). Set " +
                "\"inject\": {\"corpus_replay\": 0} in a --config file to inject with retain replay alone, or put a " +
                $"{SyntheticWorld.PretrainFile} ({{\"text\": ...}} a line) in the data folder.");
        else if (config.Model.Path is not null)
            throw new ConfigException(
                $"retain_corpus_replay: {config.RetainCorpusReplay} replays {reader.CorpusPath} while θr trains, but {config.Data.Path} has no " +
                $"{SyntheticWorld.PretrainFile} (real TOFU has no pretraining corpus). Set \"retain_corpus_replay\": 0 in a --config file to train " +
                $"θr on {config.Data.RetainSplit} alone, or put a {SyntheticWorld.PretrainFile} ({{\"text\": ...}} a line) in the data folder.");
    }

    /// <summary>The tokenizer the study will use when it is already there (a synthetic world's is made with the data).</summary>
    private static string? TokenizerFile(ExperimentConfig config)
    {
        if (config.Data.Tokenizer is { } given)
            return File.Exists(given) ? given : throw new ConfigException(
                $"data.tokenizer: {given} not found (from --tokenizer or the config's data.tokenizer); " +
                "pass a tokenizer.json file, e.g. a Llama-3 model folder's.");
        if (config.ModelFolder() is { } model && File.Exists(Path.Combine(model, "tokenizer.json")))
            return Path.Combine(model, "tokenizer.json");
        return config.Data.Source == DataSource.Folder && File.Exists(Path.Combine(config.Data.Path!, "tokenizer.json"))
            ? Path.Combine(config.Data.Path!, "tokenizer.json")
            : null;
    }
}
