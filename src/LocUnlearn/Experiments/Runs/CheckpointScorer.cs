using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Experiments.Runs;

/// <summary>Evaluates a checkpoint on the study's metrics (FS, RS, log10 FQ, MU; SPEC 9).</summary>
public delegate TradeOffPoint CheckpointScorer(LlamaForCausalLM model);
