using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Jobs;

/// <summary>
/// The phases of the <see cref="MemoryEstimate"/> a job of each kind goes through: a worker checks its machine against
/// those alone before it loads anything (`locunlearn job`), so a Slurm allocation sized for the job's kind (the cluster
/// file's resources) is judged by that kind's peak.
/// </summary>
public static class JobMemoryPhases
{
    public static IReadOnlyCollection<string> Of(JobKind kind) => kind switch
    {
        JobKind.Pretrain => [MemoryEstimate.StagePhase(PretrainStage.Name)],
        JobKind.Retain => [MemoryEstimate.StagePhase(RetainStage.Name)],
        JobKind.Inject => [MemoryEstimate.StagePhase(InjectStage.Name)],
        JobKind.InjectFull => [MemoryEstimate.StagePhase(InjectStage.FullName)],
        JobKind.EvaluateThetaR or JobKind.EvaluateThetaO => [MemoryEstimate.EvaluationPhase],
        // Localizers take gradients and activations of θo on forget/retain batches: at most an unlearning step's.
        JobKind.Unlearn or JobKind.UnlearnLocalized or JobKind.UnlearnOverlap or JobKind.Localize or JobKind.Relearn =>
            [MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase],
        JobKind.Reconstruct => [MemoryEstimate.ReconstructionPhase, MemoryEstimate.EvaluationPhase],
        _ => [], // data, report: no model work worth checking
    };
}
