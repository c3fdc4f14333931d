using LocUnlearn.Common;
using LocUnlearn.Common.Progress;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Regions;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// One unlearning run outside a study (`locunlearn unlearn`): the study's run unit (<see cref="RegionRun"/>) and
/// evaluation, writing trajectory.jsonl, result.json and the unlearned model (HF folder, model/) to the output folder.
/// </summary>
public static class SingleUnlearnRun
{
    public static RunResult Run(UnlearnRequest request, IProgressSink progress)
    {
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
        var evaluator = new ModelEvaluator(EvaluationSuite.Prepare(data.Reader, data.Encoder, EvaluationSettings(request, data)));
        var loadOptions = new ModelLoadOptions(request.Model.Device);
        var referenceRatios = ReferenceRatios(request, data, loadOptions, progress);

        using var model = ModelFolder.Load(request.Model.ModelDir, loadOptions);
        var unlearningData = new UnlearningData(data.Forget, data.Retain,
            UnlearningData.EncodeRefusals(data.Encoder, data.ForgetSplit.Items, data.Reader.LoadRefusals(), request.Training.Seed));
        var arm = full ? Arm.Full : Arm.FromFile(Path.GetFileNameWithoutExtension(request.Region));
        var spec = new RegionRunSpec
        {
            Kind = RunKind.Unlearn, Arm = arm, Seed = request.Training.Seed, Dir = request.OutDir,
            Fingerprint = StageStore.Fingerprint("unlearn-single", request, region is null ? "full" : UnlearnUnit.RegionFingerprint(region)),
            Region = region, RegionSize = region?.Count ?? shape.Total,
            Settings = new UnlearningRunSettings
            {
                Training = request.Training,
                EvalEvery = request.EvalEvery,
                CommitToModel = true,
                FinalCheckpointDir = RunLayout.ModelDir(request.OutDir),
                FreeKeys = request.FreeKeys,
            },
            HasForgetQuality = referenceRatios is not null,
            TokenizerFile = data.Tokenizer.Path,
            Label = $"unlearn {objective.Name}/{arm.Id}",
            LogCheckpoints = true,
        };
        return RegionRun.Execute(spec, model, objective, unlearningData, data.Collator,
            (_, m) => evaluator.Evaluate(m, referenceRatios).Point, progress);
    }

    /// <summary>θr's forget truth ratios (all θr contributes), or null without --reference-model.</summary>
    private static IReadOnlyList<double>? ReferenceRatios(UnlearnRequest request, StudyData data, ModelLoadOptions options, IProgressSink progress)
    {
        if (request.ReferenceModel is not { } referenceDir)
        {
            progress.Log("no --reference-model (θr): forget quality (FQ) and MU95 are skipped; FS, RS and MU are evaluated.");
            return null;
        }
        var truthRatios = EvaluationSuite.Prepare(data.Reader, data.Encoder, EvaluationSettings(request, data) with { Metrics = EvaluationMetrics.Fq });
        using var thetaR = ModelFolder.Load(referenceDir, options);
        return new ModelEvaluator(truthRatios).Evaluate(thetaR).ForgetTruthRatios;
    }

    /// <summary>The output folder is emptied before the run, so it must be new, empty, or an earlier run's output:
    /// `--out .` must never wipe a user's folder.</summary>
    private static void RequireReplaceableOutput(string dir)
    {
        if (!Directory.Exists(dir)) return;
        string[] ours = [RunStore.ResultFile, RunStore.TrajectoryFile, "model"];
        var foreign = Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p))
            .Where(n => !ours.Contains(n) && !AtomicFile.IsTemporary(n)).ToList();
        if (foreign.Count > 0)
            throw new ArgumentException($"--out: {dir} holds other files ({string.Join(", ", foreign.Take(3))}); " +
                "the run replaces its output folder, so choose a new or empty one.");
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
