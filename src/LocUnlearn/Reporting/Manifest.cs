using LocUnlearn.Common;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Study;
using LocUnlearn.Config;

namespace LocUnlearn.Reporting;

/// <summary>
/// manifest.json: versions, git commit, seeds, hashes of data and models (θp, θr, θo per seed, the full-parameter
/// reference where its weights are kept), machine, wall time per stage (from the stage and run records, so a resumed
/// run keeps what each stage cost when it was computed) and this invocation's own times.
/// </summary>
public static class Manifest
{
    /// <param name="thetaP">θp's folder, or null when θr was given (θp then played no part)</param>
    public static void Write(StudyContext ctx, StudyOutcome outcome, string dataFolder, string? thetaP, string thetaR)
    {
        var recorded = RecordedWallTimes.Of(outcome);
        var given = outcome.Retain.Given;
        var models = new JsonObject
        {
            ["theta_p"] = thetaP is null ? null : WeightsHash(thetaP),
            ["theta_p_source"] = thetaP is null ? "not used: θr was given" : outcome.Config.Model.Path is null ? "pretrain stage" : "user model (--model)",
            // A given θr was hashed once when its record was written: its 16 GB are not read again for every report.
            ["theta_r"] = given?.WeightsSha256 ?? WeightsHash(thetaR),
            ["theta_r_source"] = given is null ? "retain stage" : "given (--retain-model)",
            ["theta_r_path"] = given?.Path,
            ["theta_o"] = new JsonObject(outcome.Seeds.Select(s => KeyValuePair.Create($"seed-{s.Seed}", (JsonNode?)WeightsHash(s.ThetaO)))),
        };
        // The full-parameter reference keeps only its record unless its model folder was kept.
        var full = outcome.Seeds.Select(s => (s.Seed, Dir: RunLayout.ModelDir(outcome.Layout.InjectFull(s.Seed))))
            .Where(f => Directory.Exists(f.Dir) && ModelFolder.WeightFiles(f.Dir).Count > 0).ToList();
        if (full.Count > 0)
            models["theta_o_full"] = new JsonObject(full.Select(f => KeyValuePair.Create($"seed-{f.Seed}", (JsonNode?)WeightsHash(f.Dir))));
        var manifest = new JsonObject
        {
            ["tool"] = "locunlearn",
            ["version"] = ToolVersion.Version,
            ["git_commit"] = ToolVersion.GitCommit(),
            ["torchsharp"] = ToolVersion.TorchSharp,
            ["torch_backend"] = ToolVersion.TorchBackend,
            ["dotnet"] = ToolVersion.DotNet,
            ["written_utc"] = DateTime.UtcNow.ToString("o"),
            ["preset"] = outcome.Config.Preset,
            ["seeds"] = new JsonArray(outcome.Config.SeedList().Select(s => (JsonNode)s).ToArray()),
            ["data"] = Data(ctx, outcome, dataFolder),
            ["models"] = models,
            ["machine"] = new JsonObject
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["cpu_cores"] = Environment.ProcessorCount,
                ["device"] = outcome.Config.Device,
                ["torch_threads"] = TorchSharp.torch.get_num_threads(),
            },
            ["wall_seconds"] = Seconds(recorded),
            // A lower bound on what the results cost: a fresh run's own clock, or after resuming the recorded stage costs.
            ["wall_seconds_total"] = Math.Round(Math.Max(outcome.WallSeconds, recorded.Values.Sum()), 2),
            ["this_invocation"] = new JsonObject
            {
                ["wall_seconds"] = Seconds(outcome.Timings.Seconds),
                ["wall_seconds_total"] = Math.Round(outcome.WallSeconds, 2),
            },
        };
        AtomicFile.WriteAllText(outcome.Layout.ManifestFile, manifest.ToJsonString(new() { WriteIndented = true }));
    }

    /// <summary>The data folder, the tokenizer (with what it was trimmed from, when the run trimmed data.tokenizer) and θp's corpus.</summary>
    private static JsonObject Data(StudyContext ctx, StudyOutcome outcome, string dataFolder)
    {
        var tokenizer = new JsonObject
        {
            ["path"] = ctx.Data.Tokenizer.Path,
            ["sha256"] = ctx.Data.TokenizerHash(),
            ["vocab_size"] = ctx.Data.Tokenizer.VocabSize,
        };
        if (RunData.TrimsTokenizer(outcome.Config) && TrimmedTokenizer.Read(Path.GetDirectoryName(ctx.Data.Tokenizer.Path)!) is { } trim)
        {
            tokenizer["trimmed_from"] = trim.Source;
            tokenizer["trimmed_from_sha256"] = trim.SourceSha256;
            tokenizer["vocab_size_before_trim"] = trim.VocabBefore;
        }
        var data = new JsonObject { ["folder"] = dataFolder, ["forget_retain_sha256"] = ctx.Data.Hash, ["tokenizer"] = tokenizer };
        if (outcome.Config.Model.Path is null && File.Exists(ctx.Data.PretrainCorpusPath))
            data["pretrain_corpus"] = new JsonObject
            {
                ["path"] = ctx.Data.PretrainCorpusPath,
                ["source"] = outcome.Config.Data.PretrainCorpus == PretrainCorpusSource.Tofu ? TofuCorpusDescription : "the data folder's pretrain.jsonl",
                ["sha256"] = StudyData.HashFiles([ctx.Data.PretrainCorpusPath]),
            };
        return data;
    }

    private const string TofuCorpusDescription =
        "built from the TOFU folder: real_authors and world_facts question/answer pairs and the retain split's answers; nothing from the forget split";

    private static JsonObject Seconds(IReadOnlyDictionary<string, double> seconds) =>
        new(seconds.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 3))));

    private static string WeightsHash(string modelDir) => StudyData.HashFiles(ModelFolder.WeightFiles(modelDir));
}
