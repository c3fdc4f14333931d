using LocUnlearn.Model;

namespace LocUnlearn.Unlearning;

/// <summary>
/// Evaluates the model at a checkpoint of a run (SPEC 4.8): called with the number of optimizer steps taken (0 = θo)
/// and the model as it is then (region deltas applied through its forward pass), under no_grad. Returns named values
/// (e.g. "fs", "rs", "log10_fq", "mu"); the metrics themselves live in Evaluation/.
/// </summary>
public delegate IReadOnlyDictionary<string, double> CheckpointEvaluator(int step, LlamaForCausalLM model);

/// <summary>One evaluated checkpoint of a run's trajectory.</summary>
public sealed record TrajectoryPoint(int Step, IReadOnlyDictionary<string, double> Metrics);
