using LocUnlearn.Training;

namespace LocUnlearn.Unlearning;

/// <summary>
/// An unlearning run: the optimisation (<see cref="TrainingConfig"/>: steps, lr, batch size, seed; SPEC 6 defaults
/// AdamW, weight decay 0), the checkpoint interval k, and whether the region also frees its gate/up rows (SPEC 1,
/// default off). The training seed fixes the data order and retain pairing.
/// </summary>
public sealed record UnlearningRunSettings
{
    public TrainingConfig Training { get; init; } = new();
    /// <summary>Evaluate every k optimizer steps (plus step 0 and the last step); 0 = only step 0 and the end.</summary>
    public int EvalEvery { get; init; } = 10;
    public bool FreeKeys { get; init; }
    /// <summary>
    /// Region runs only: false = discard the trained deltas at the end, leaving the model bit-identical to θo, so Oracle,
    /// Random and localizer runs can all start from one θo in memory (the trajectory is still evaluated on θ).
    /// </summary>
    public bool CommitToModel { get; init; } = true;

    /// <summary>Where to save the unlearned model (HF folder) before any revert; null keeps no checkpoint.</summary>
    public string? FinalCheckpointDir { get; init; }
    /// <summary>Compute each item's log π_ref(y|x) once (NPO, DPO) instead of a reference pass per step.</summary>
    public bool PrecomputeReferenceLogProbs { get; init; } = true;
}
