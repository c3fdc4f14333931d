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
        // θr's fit to the splits is evaluated after it is trained, or alone when θr is given.
        JobKind.Retain => [MemoryEstimate.StagePhase(RetainStage.Name), MemoryEstimate.EvaluationPhase],
        JobKind.Inject => [MemoryEstimate.StagePhase(InjectStage.Name)],
        JobKind.InjectFull => [MemoryEstimate.StagePhase(InjectStage.FullName)],
        JobKind.EvaluateThetaR or JobKind.EvaluateThetaO => [MemoryEstimate.EvaluationPhase],
        // Localizers take gradients and activations of θo on forget/retain batches: at most an unlearning step's.
        JobKind.UnlearnLocalized or JobKind.Localize => [MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase],
        // Oracle, Random and dose-response runs end with experiment (d)'s attack when it is on (absent from the estimate otherwise).
        JobKind.Unlearn or JobKind.UnlearnOverlap or JobKind.Relearn =>
            [MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase, MemoryEstimate.RelearningPhase],
        JobKind.Reconstruct => [MemoryEstimate.ReconstructionPhase, MemoryEstimate.EvaluationPhase],
        _ => [], // data, report: no model work worth checking
    };
}
