using LocUnlearn.Training;

namespace LocUnlearn.Config;

/// <summary>
/// θr (SPEC 4.2): θp fine-tuned on the retain set with every key of a training block, or a retain-tuned model given as
/// it is (<see cref="ModelPath"/>). Its own record, so that no other training block accepts model_path.
/// </summary>
public sealed record RetainConfig : TrainingConfig
{
    /// <summary>
    /// A Hugging Face folder used as θr (set by --retain-model), e.g. a published retain90 checkpoint: θp fine-tuned on
    /// the retain split, exactly the study's θr. The retain stage then trains nothing and θp is not needed; θr is still
    /// evaluated and its setup checks (forget ES ≤ checks bound) test that it never saw the forget authors.
    /// </summary>
    public string? ModelPath { get; init; }
}
