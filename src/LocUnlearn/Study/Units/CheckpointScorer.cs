using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Study.Units;

/// <summary>Evaluates a run's checkpoint at <paramref name="step"/> on the study's metrics (FS, RS, log10 FQ, MU; SPEC 9);
/// step 0 is θo itself.</summary>
public delegate TradeOffPoint CheckpointScorer(int step, LlamaForCausalLM model);
