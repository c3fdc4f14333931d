using LocUnlearn.Common;
using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Study.Stages;
using LocUnlearn.Text;

namespace LocUnlearn.Study;

/// <summary>The files a run reads its data from: the TOFU-format folder, the tokenizer (null = the model's or the
/// folder's tokenizer.json) and θp's pretraining corpus.</summary>
public sealed record RunDataFiles(string Folder, string? Tokenizer, string PretrainCorpus);

/// <summary>
/// The data of a run, prepared once into RUN/data/ by whichever process gets there first (the plan's data job): the
/// synthetic world; θp's corpus built from a TOFU folder (data.pretrain_corpus = "tofu"); the tokenizer trimmed to the
/// data (data.tokenizer when the tool trains θp, <see cref="TrimmedTokenizer"/>). Written into a temporary folder and
/// moved into place with a fingerprint of its inputs, so a run never reads half of it and a changed input makes it again.
/// </summary>
public static class RunData
{
    private const string Marker = ".complete";

    /// <summary>Whether the run makes anything in RUN/data (else it reads the user's folder as it is).</summary>
    public static bool Derives(ExperimentConfig c) =>
        c.Data.Source == DataSource.Synthetic || TrimsTokenizer(c) || BuildsTofuCorpus(c);

    /// <summary>A given tokenizer is trimmed only for a model the tool trains: a user's θp (or given θr) has its own vocabulary.</summary>
    public static bool TrimsTokenizer(ExperimentConfig c) => c.Data.Tokenizer is not null && c.ModelFolder() is null;

    /// <summary>θp's corpus is built from TOFU only when the tool trains θp (no model.path, no retain.model_path).</summary>
    private static bool BuildsTofuCorpus(ExperimentConfig c) => c.ModelFolder() is null && c.Data.PretrainCorpus == PretrainCorpusSource.Tofu;

    /// <summary>Where the run's data files are once <see cref="Prepare"/> has run.</summary>
    public static RunDataFiles Files(RunLayout layout, ExperimentConfig c)
    {
        string folder = c.Data.Source == DataSource.Synthetic ? layout.DataDir : c.Data.Path!;
        string? tokenizer = TrimsTokenizer(c) ? TokenizerPath(layout) : c.Data.Tokenizer;
        bool ownCorpus = c.Data.Source == DataSource.Synthetic || BuildsTofuCorpus(c);
        return new RunDataFiles(folder, tokenizer, Path.Combine(ownCorpus ? layout.DataDir : folder, SyntheticWorld.PretrainFile));
    }

    /// <summary>The trimmed tokenizer of a run that trims one.</summary>
    public static string TokenizerPath(RunLayout layout) => Path.Combine(layout.DataDir, TrimmedTokenizer.Folder, VocabularyTrim.TokenizerFileName);

    /// <summary>Makes RUN/data when it is missing or was made from other inputs; returns the run's data files.</summary>
    public static RunDataFiles Prepare(RunLayout layout, ExperimentConfig config)
    {
        var files = Files(layout, config);
        if (!Derives(config))
            return files;
        string fingerprint = Fingerprint(config);
        string marker = Path.Combine(layout.DataDir, Marker);
        if (File.Exists(marker) && File.ReadAllText(marker) == fingerprint)
            return files;
        string tmp = AtomicFile.TemporaryFor(layout.DataDir);
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        if (config.Data.Source == DataSource.Synthetic)
            SyntheticWorld.Generate(WorldOptions(config)).Write(tmp);
        string source = config.Data.Source == DataSource.Synthetic ? tmp : config.Data.Path!;
        if (BuildsTofuCorpus(config))
            WriteTofuCorpus(config, source, Path.Combine(tmp, SyntheticWorld.PretrainFile));
        if (TrimsTokenizer(config))
            TrimmedTokenizer.Write(config.Data.Tokenizer!, source, Path.Combine(tmp, TrimmedTokenizer.Folder), TokenizerPath(layout));
        File.WriteAllText(Path.Combine(tmp, Marker), fingerprint);
        if (Directory.Exists(layout.DataDir)) Directory.Delete(layout.DataDir, true);
        Directory.Move(tmp, layout.DataDir);
        return files;
    }

    /// <summary>Prepares the data and loads it for a run's stages and jobs.</summary>
    public static StudyData Load(RunLayout layout, ExperimentConfig config)
    {
        var files = Prepare(layout, config);
        return StudyData.Load(files.Folder, config.Data with { Tokenizer = files.Tokenizer }, config.ModelFolder(), files.PretrainCorpus);
    }

    /// <summary>The synthetic world of a config; a forget split other than TOFU's forget01/05/10 (quick's forget40) is
    /// generated as well.</summary>
    public static SyntheticWorldOptions WorldOptions(ExperimentConfig c) =>
        new(c.Data.Authors, c.Data.QaPerAuthor, c.Data.WorldSeed, Math.Min(100, c.Data.Authors), Math.Min(117, c.Data.Authors - 1),
            TofuSplits.ForgetPercentOf(c.Data.ForgetSplit) is int p && !TofuSplits.ForgetPercents.Contains(p) ? p : 0);

    /// <summary>
    /// What RUN/data is made from. The synthetic world alone keeps the fingerprint runs made before the other inputs
    /// existed had, so they resume; a TOFU folder enters with the hash of its files, a tokenizer with its file's hash.
    /// </summary>
    private static string Fingerprint(ExperimentConfig c)
    {
        var parts = new List<object?>();
        if (c.Data.Source == DataSource.Synthetic)
            parts.Add(WorldOptions(c));
        else
            parts.Add(FolderHash(c.Data.Path!));
        if (BuildsTofuCorpus(c))
            parts.Add(new { corpus = "tofu", c.Data.RetainSplit, c.Data.Template });
        if (TrimsTokenizer(c))
            parts.Add(new { tokenizer = TrimmedTokenizer.Sha256(c.Data.Tokenizer!) });
        return parts.Count == 1 && c.Data.Source == DataSource.Synthetic ? StageStore.Fingerprint(parts[0]) : StageStore.Fingerprint([.. parts]);
    }

    /// <summary>SHA-256 over the TOFU-format files of a folder (names and bytes, in name order).</summary>
    private static string FolderHash(string folder) =>
        StudyData.HashFiles(Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal));

    private static void WriteTofuCorpus(ExperimentConfig c, string dataFolder, string path)
    {
        var template = ChatTemplates.Get(c.Data.Template == "auto" ? "plain" : c.Data.Template);
        var lines = TofuPretrainCorpus.Lines(new TofuReader(dataFolder), c.Data.RetainSplit, template);
        AtomicFile.WriteAllBytes(path, JsonLinesWriter.Write(lines.Select(l => (IReadOnlyList<(string, object)>)[("text", l)])));
    }
}
