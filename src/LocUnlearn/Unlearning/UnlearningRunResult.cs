using LocUnlearn.Training;

namespace LocUnlearn.Unlearning;

/// <summary>
/// What a run produced: the evaluated trajectory (step 0 = θo), the per-step training losses and sizes, and the
/// region invariant check (null for full-parameter runs), to be recorded in the run's metadata (SPEC 5).
/// </summary>
public sealed record UnlearningRunResult<TPoint>(
    string Objective,
    IReadOnlyList<Checkpoint<TPoint>> Trajectory,
    TrainingResult Training,
    InvariantCheck? Invariant);
