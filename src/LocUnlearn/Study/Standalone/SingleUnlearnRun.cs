using LocUnlearn.Common;
using System.Diagnostics;
using LocUnlearn.Evaluation;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// One unlearning run outside a study (`locunlearn unlearn`): the same <see cref="UnlearningRun"/> and evaluation as the
/// study's runs, writing trajectory.jsonl, result.json and the unlearned model (HF folder, model/) to the output folder.
/// </summary>
public static class SingleUnlearnRun
{
    public static RunResult Run(UnlearnRequest request, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var objective = UnlearningObjectives.Create(request.Objective, request.Settings);
        request.Training.Validate("unlearn");
        if (request.EvalEvery < 0)
            throw new ArgumentException($"--eval-every must be >= 0, got {request.EvalEvery}.");
        if (request.ReferenceModel is { } r && !Directory.Exists(r))
            throw new ArgumentException($"--reference-model: {r} is not a folder.");
        RequireReplaceableOutput(request.OutDir);
        bool full = request.Region == UnlearnRequest.FullRegion;
        using var data = StandaloneData.Load(request.Model);
        // The region is checked against the model's shape before any slow work, so a wrong file fails at once.
        var modelConfig = LlamaConfig.Load(Path.Combine(request.Model.ModelDir, ModelFolder.ConfigFile));
        var shape = new RegionShape(modelConfig.NumHiddenLayers, modelConfig.IntermediateSize);
        Region? region = full ? null : RegionFile.Load(request.Region, shape);
        var reader = data.Reader;
        var suite = EvaluationSuite.Prepare(reader, data.Encoder, EvaluationSettings(request, data));
        var evaluator = new ModelEvaluator(suite);
        var loadOptions = new ModelLoadOptions(request.Model.Device);

        IReadOnlyList<double>? referenceRatios = null;
        if (request.ReferenceModel is { } referenceDir)
        {
            // θr only contributes its forget truth ratios.
            var truthRatios = EvaluationSuite.Prepare(reader, data.Encoder, EvaluationSettings(request, data) with { Metrics = EvaluationMetrics.Fq });
            using var thetaR = ModelFolder.Load(referenceDir, loadOptions);
            referenceRatios = new ModelEvaluator(truthRatios).Evaluate(thetaR).ForgetTruthRatios;
        }
        else
        {
            log("no --reference-model (θr): forget quality (FQ) and MU95 are skipped; FS, RS and MU are evaluated.");
        }

        using var model = ModelFolder.Load(request.Model.ModelDir, loadOptions);
        string regionName = full ? UnlearnRequest.FullRegion : Path.GetFileNameWithoutExtension(request.Region);
        var unlearningData = new UnlearningData(data.Forget, data.Retain,
            UnlearningData.EncodeRefusals(data.Encoder, data.ForgetSplit.Items, reader.LoadRefusals(), request.Training.Seed));
        string modelOut = RunLayout.ModelDir(request.OutDir);
        StageStore.Reset(request.OutDir);
        var settings = new UnlearningRunSettings
        {
            Training = request.Training,
            EvalEvery = request.EvalEvery,
            CommitToModel = true,
            FinalCheckpointDir = modelOut,
            FreeKeys = request.FreeKeys,
        };
        string context = $"unlearn {request.Objective}/{regionName}";
        string fingerprint = StageStore.Fingerprint("unlearn-single", request, region is null ? "full" : UnlearnJob.RegionFingerprint(region));
        RunResult result;
        try
        {
            var run = UnlearningRun.Run(model, region, objective, unlearningData, data.Collator, settings,
                (step, m) =>
                {
                    var p = evaluator.Evaluate(m, referenceRatios).Point;
                    log($"step {step}: FS {p.ForgetScore:F4}  RS {p.RetainScore:F4}  log10 FQ {p.Log10ForgetQuality:F3}  MU {p.ModelUtility:F4}");
                    return new TrajectoryPoint(step, p.ForgetScore, p.RetainScore, p.Log10ForgetQuality, p.ModelUtility);
                },
                context: context);
            var points = run.Trajectory.Select(t => t.Point).ToList();
            var (aues, mu95) = TradeOffSummary.Of(points);
            result = new RunResult
            {
                Kind = "unlearn", Objective = objective.Name, Region = regionName, Seed = request.Training.Seed, Fingerprint = fingerprint,
                Trajectory = points, Aues = aues, Mu95 = referenceRatios is null ? null : mu95, RegionSize = region?.Count ?? shape.Total,
                TrainableParameters = run.Training.TrainableParameters, OptimizerStateBytes = run.Training.OptimizerStateBytes,
                Invariant = run.Invariant, WallSeconds = clock.Elapsed.TotalSeconds,
            };
            if (run.Invariant is { Holds: false } broken)
                throw new InvalidOperationException($"{context}: parameters outside the region changed: {string.Join(", ", broken.ChangedOutsideRegion)}");
            File.Copy(data.Tokenizer.Path, Path.Combine(modelOut, "tokenizer.json"), overwrite: true);
        }
        catch (NonFiniteLossException e)
        {
            result = new RunResult
            {
                Kind = "unlearn", Objective = objective.Name, Region = regionName, Seed = request.Training.Seed, Fingerprint = fingerprint,
                Status = "failed", Error = e.Message, RegionSize = region?.Count ?? shape.Total, WallSeconds = clock.Elapsed.TotalSeconds,
            };
        }
        RunStore.Write(request.OutDir, result);
        return result;
    }

    /// <summary>The output folder is emptied before the run, so it must be new, empty, or an earlier run's output:
    /// `--out .` must never wipe a user's folder.</summary>
    private static void RequireReplaceableOutput(string dir)
    {
        if (!Directory.Exists(dir)) return;
        string[] ours = [RunStore.ResultFile, RunStore.TrajectoryFile, "model"];
        var foreign = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Where(n => !ours.Contains(n) && !AtomicFile.IsTemporary(n!)).ToList();
        if (foreign.Count > 0)
            throw new ArgumentException($"--out: {dir} holds other files ({string.Join(", ", foreign.Take(3))}); the run replaces its output folder, so choose a new or empty one.");
    }

    private static EvaluationSettings EvaluationSettings(UnlearnRequest r, StudyData data) => new()
    {
        ForgetSplit = data.ForgetSplit.Name,
        RetainSplit = data.RetainSplit.Name,
        RetainItems = r.RetainItems > 0 ? r.RetainItems : int.MaxValue,
        MaxUtilityItems = r.UtilityItems > 0 ? r.UtilityItems : null,
        MaxNewTokens = r.MaxNewTokens,
        BatchSize = r.EvalBatchSize,
        // Forget truth ratios are only worth computing when θr's are there to compare with.
        Metrics = r.ReferenceModel is null ? EvaluationMetrics.Es | EvaluationMetrics.Mu : EvaluationMetrics.All,
    };
}
