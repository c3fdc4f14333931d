using LocUnlearn.Model;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Evaluates the model at a checkpoint of a run (SPEC 4.8): called with the number of optimizer steps taken (0 = θo)
/// and the model as it is then (region deltas act through its forward pass), under no_grad and a dispose scope. The
/// metrics live in Evaluation/; the orchestration plugs them in here and chooses the point type (e.g. FS, RS,
/// log10 FQ, MU).
/// </summary>
public delegate TPoint CheckpointEvaluator<out TPoint>(int step, LlamaForCausalLM model);

/// <summary>One evaluated checkpoint of a run's trajectory.</summary>
public sealed record Checkpoint<TPoint>(int Step, TPoint Point);
