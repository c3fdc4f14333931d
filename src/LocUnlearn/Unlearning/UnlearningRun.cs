using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Unlearns θo in place with one objective, confined to a region (Oracle V_tgt, Random V_rdm, a localizer's region) or
/// over all parameters (region null), through the one <see cref="Trainer"/> loop, evaluating along the way (SPEC 4.6-4.8).
/// </summary>
public static class UnlearningRun
{
    /// <summary>A run without evaluation (the trajectory is empty).</summary>
    public static UnlearningRunResult<object?> Run(LlamaForCausalLM model, Region? region, IUnlearningObjective objective,
        UnlearningData data, Collator collator, UnlearningRunSettings settings, IReferenceModel? reference = null,
        string context = "unlearn", CancellationToken cancel = default) =>
        Run<object?>(model, region, objective, data, collator, settings, null, reference, context, cancel);

    /// <param name="model">θo; it holds the unlearned weights when the run returns.</param>
    /// <param name="reference">π_ref; null = θo itself: for a region, the same model with its deltas suspended; for
    /// full-parameter runs, a frozen copy made here. Give θr (a <see cref="FrozenCopyReference"/>) for
    /// <see cref="MlpReconstruction"/>. A given reference is not disposed.</param>
    public static UnlearningRunResult<TPoint> Run<TPoint>(LlamaForCausalLM model, Region? region, IUnlearningObjective objective,
        UnlearningData data, Collator collator, UnlearningRunSettings settings, CheckpointEvaluator<TPoint>? evaluate = null,
        IReferenceModel? reference = null, string context = "unlearn", CancellationToken cancel = default)
    {
        var training = settings.Training;
        training.Validate(context);
        if (region is null && !settings.CommitToModel)
            throw new ArgumentException($"{context}: commit_to_model = false needs a region (a full-parameter run writes the weights themselves).");
        if (settings.EvalEvery < 0)
            throw new ArgumentException($"{context}: eval_every must be >= 0, got {settings.EvalEvery}.");
        var trajectory = new List<Checkpoint<TPoint>>();
        void Evaluate(int step)
        {
            if (evaluate is null) return;
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            trajectory.Add(new Checkpoint<TPoint>(step, evaluate(step, model)));
        }

        Evaluate(0);
        var invariant = region is null ? null : RegionInvariant.Capture(model, region, settings.FreeKeys);
        var batches = new UnlearningBatches(data, collator, training.BatchSize, training.Seed);
        IReferenceModel? ownedReference = null;
        TrainingResult result;
        InvariantCheck? check;
        using (ITrainableSet trainable = region is null ? new FullParameterSet(model) : new RegionParameterSet(model, region, settings.FreeKeys))
        {
            if (reference is null && objective.UsesReference)
                reference = ownedReference = region is null ? FrozenCopyReference.Of(model) : new SuspendedDeltaReference(model);
            try
            {
                var ctx = Context(model, reference, data, collator, settings);
                Tensor Loss(int step, int micro)
                {
                    using var batch = batches.Get(step * training.GradientAccumulation + micro, objective, model.Device);
                    return objective.Loss(ctx, batch);
                }
                void OnStep(int step, double loss)
                {
                    int done = step + 1;
                    if (done == training.Steps || (settings.EvalEvery > 0 && done % settings.EvalEvery == 0))
                        Evaluate(done);
                }
                result = new Trainer().Train(trainable, training, Loss, context, OnStep, cancel);
            }
            finally
            {
                ownedReference?.Dispose();
            }
            // Commit, then check the invariant on the unlearned weights; without CommitToModel, revert exactly to θo.
            trainable.Commit();
            check = invariant?.Check(model);
            if (settings.FinalCheckpointDir is { } dir)
                Model.Checkpoints.ModelFolder.Save(model, dir);
            if (!settings.CommitToModel && trainable is RegionParameterSet regionSet)
                regionSet.Revert();
        }
        foreach (var p in model.parameters()) p.requires_grad_(false);
        return new UnlearningRunResult<TPoint>(objective.Name, trajectory, result, check);
    }

    /// <summary>θ and π_ref, with the reference log-probability tables when the settings precompute them.</summary>
    internal static UnlearningContext Context(LlamaForCausalLM model, IReferenceModel? reference, UnlearningData data,
        Collator collator, UnlearningRunSettings settings)
    {
        if (reference is null || !settings.PrecomputeReferenceLogProbs)
            return new UnlearningContext(model, reference);
        int size = settings.Training.BatchSize;
        return new UnlearningContext(model, reference)
        {
            ForgetReferenceLogProbs = new ReferenceLogProbTable(reference, data.Forget, collator, size, model.Device),
            RefusalReferenceLogProbs = data.ForgetRefusals is { } refusals
                ? new ReferenceLogProbTable(reference, refusals, collator, size, model.Device)
                : null,
        };
    }
}
