using System.Diagnostics;
using LocUnlearn.Common.Progress;
using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Study.Stages;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// Everything that makes one region-confined training run (an unlearning run of the study or of the `unlearn` verb, a
/// localized unlearning run, a reconstruction run) besides the model and data: what to record it as, where, the region
/// (null = all parameters), the optimisation and checkpoint schedule, and how to summarise the trade-off.
/// </summary>
public sealed record RegionRunSpec
{
    public required RunKind Kind { get; init; }
    public required Arm Arm { get; init; }
    public required long Seed { get; init; }
    /// <summary>The run's folder: emptied first, result.json written there last.</summary>
    public required string Dir { get; init; }
    /// <summary>Hash of everything the result depends on (<see cref="StageStore.Fingerprint"/>).</summary>
    public required string Fingerprint { get; init; }
    public required Region? Region { get; init; }
    /// <summary>Value vectors trained: the region's size, or all of them for a full-parameter run.</summary>
    public required long RegionSize { get; init; }
    public required UnlearningRunSettings Settings { get; init; }
    public TradeOffMode TradeOff { get; init; } = TradeOffMode.Points;
    /// <summary>α values of the mixing grid (<see cref="TradeOffMode.Mixing"/>).</summary>
    public int MixingGrid { get; init; } = 11;
    /// <summary>False when forget quality cannot be computed (no θr): MU95 is then left out.</summary>
    public bool HasForgetQuality { get; init; } = true;
    /// <summary>π_ref other than θo (θr for the reconstruction); not disposed here.</summary>
    public IReferenceModel? Reference { get; init; }
    /// <summary>Copied into the kept checkpoint (<see cref="UnlearningRunSettings.FinalCheckpointDir"/>) so it is a
    /// complete Hugging Face folder.</summary>
    public string? TokenizerFile { get; init; }
    /// <summary>Progress label, e.g. "npo oracle seed 0", and the prefix of messages.</summary>
    public required string Label { get; init; }
    /// <summary>Log each checkpoint's metrics (the standalone verb shows them; the study only advances its bar).</summary>
    public bool LogCheckpoints { get; init; }
}

/// <summary>
/// The one code path of every region-confined training run: empty the folder, train through <see cref="UnlearningRun"/>
/// with checkpoint evaluation, summarise AUES/MU95 (over the points or the model mixtures), check the region invariant,
/// and write result.json atomically; a non-finite loss gives the same failed record for every kind of run.
/// </summary>
public static class RegionRun
{
    /// <param name="model">θo; with <see cref="UnlearningRunSettings.CommitToModel"/> false it is bit-identical to θo again
    /// when this returns</param>
    /// <param name="score">the study's metrics of a checkpoint (step 0 = θo)</param>
    /// <param name="layerResiduals">a per-layer measure taken on θo (step 0) and on the final weights (the reconstruction's
    /// MLP-output residuals against θr: the start is the baseline the end is read against)</param>
    public static RunResult Execute(RegionRunSpec spec, LlamaForCausalLM model, IUnlearningObjective objective, UnlearningData data,
        Collator collator, CheckpointScorer score, IProgressSink progress, Func<LlamaForCausalLM, double[]>? layerResiduals = null,
        Func<LlamaForCausalLM, RelearnOutcome>? attack = null)
    {
        StageStore.Reset(spec.Dir);
        var clock = Stopwatch.StartNew();
        int steps = spec.Settings.Training.Steps, advanced = 0;
        double[]? initialResiduals = null, finalResiduals = null;
        MixingTradeOffResult? mixing = null;
        RelearnOutcome? relearning = null;
        RunResult result;
        using (var task = progress.Start(spec.Kind == RunKind.Reconstruct ? "reconstruct" : "unlearn", spec.Label, steps))
        {
            TradeOffPoint Evaluate(int step, LlamaForCausalLM m)
            {
                if (layerResiduals is not null && step == 0)
                    initialResiduals = layerResiduals(m);
                if (layerResiduals is not null && step == steps)
                    finalResiduals = step == 0 ? initialResiduals : layerResiduals(m);
                var p = score(step, m);
                if (step == steps && spec.TradeOff == TradeOffMode.Mixing)
                    mixing = MixingTradeOff.Evaluate(m, score(0, m), spec.MixingGrid, mixed => score(step, mixed));
                if (step == steps && attack is not null)
                {
                    relearning = attack(m); // on a copy of the final weights: the run itself is untouched
                    progress.Log($"{spec.Label}: relearning attack, held-out forget ES {relearning.BeforeEs:F3} → {relearning.AfterEs:F3}");
                }
                if (spec.LogCheckpoints)
                    progress.Log($"step {step}: FS {p.ForgetScore:F4}  RS {p.RetainScore:F4}  log10 FQ {p.Log10ForgetQuality:F3}  MU {p.ModelUtility:F4}");
                task.Advance(step - advanced);
                advanced = step;
                return p;
            }
            try
            {
                var run = UnlearningRun.Run(model, spec.Region, objective, data, collator, spec.Settings, Evaluate, spec.Reference, spec.Label);
                result = Completed(spec, objective, run, mixing, (initialResiduals, finalResiduals), clock.Elapsed.TotalSeconds)
                    with { Relearning = relearning };
                if (run.Invariant is { Holds: false } broken)
                    throw new InvalidOperationException(
                        $"{spec.Label}: parameters outside the region changed: {string.Join(", ", broken.ChangedOutsideRegion)}");
                if (spec.Settings.FinalCheckpointDir is { } kept && spec.TokenizerFile is { } tokenizer)
                    File.Copy(tokenizer, Path.Combine(kept, "tokenizer.json"), overwrite: true);
            }
            catch (NonFiniteLossException e)
            {
                progress.Log($"warning: {e.Message} This run is recorded as failed; the others go on.");
                result = Failed(spec, objective.Name, e.Message, clock.Elapsed.TotalSeconds);
            }
        }
        return RunStore.Write(spec.Dir, result);
    }

    private static RunResult Completed(RegionRunSpec spec, IUnlearningObjective objective, UnlearningRunResult<TradeOffPoint> run,
        MixingTradeOffResult? mixing, (double[]? Initial, double[]? Final) residuals, double seconds)
    {
        var (aues, mu95) = mixing is { } mixed ? (mixed.Aues, mixed.Mu95) : TradeOffSummary.Of(run.Trajectory.Points());
        int qualifying = mixing is { } m ? TradeOffSummary.QualifyingMixtures(m) : TradeOffSummary.QualifyingCheckpoints(run.Trajectory.Points());
        return new RunResult
        {
            Mu95FromThetaO = spec.HasForgetQuality && qualifying == 0, Mu95QualifyingCheckpoints = qualifying,
            Kind = spec.Kind, Objective = objective.Name, Region = spec.Arm, Seed = spec.Seed, Fingerprint = spec.Fingerprint,
            Trajectory = run.Trajectory, Aues = aues, Mu95 = spec.HasForgetQuality ? mu95 : null, TradeOff = spec.TradeOff,
            Mixing = mixing, RegionSize = spec.RegionSize, TrainableParameters = run.Training.TrainableParameters,
            OptimizerStateBytes = run.Training.OptimizerStateBytes, Invariant = run.Invariant,
            InitialLayerResiduals = residuals.Initial, FinalLayerResiduals = residuals.Final,
            WallSeconds = seconds,
        };
    }

    private static RunResult Failed(RegionRunSpec spec, string objective, string error, double seconds) => new()
    {
        Kind = spec.Kind, Objective = objective, Region = spec.Arm, Seed = spec.Seed, Fingerprint = spec.Fingerprint,
        Status = RunResult.FailedStatus, Error = error, RegionSize = spec.RegionSize, WallSeconds = seconds,
    };
}
