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
    public static IReadOnlyCollection<string> Of(string kind) => kind switch
    {
        JobKinds.Pretrain => [MemoryEstimate.StagePhase(PretrainStage.Name)],
        JobKinds.Retain => [MemoryEstimate.StagePhase(RetainStage.Name)],
        JobKinds.Inject => [MemoryEstimate.StagePhase(InjectStage.Name)],
        JobKinds.InjectFull => [MemoryEstimate.StagePhase(InjectStage.FullName)],
        JobKinds.EvaluateThetaR or JobKinds.EvaluateThetaO => [MemoryEstimate.EvaluationPhase],
        // Localizers take gradients and activations of θo on forget/retain batches: at most an unlearning step's.
        JobKinds.Unlearn or JobKinds.UnlearnLocalized or JobKinds.Localize => [MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase],
        JobKinds.Reconstruct => [MemoryEstimate.ReconstructionPhase, MemoryEstimate.EvaluationPhase],
        _ => [], // data, report: no model work worth checking
    };
}
