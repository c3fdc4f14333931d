using LocUnlearn.Evaluation;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// `locunlearn eval`: a model, its data, what to compute and how. Values left null come from the run directory the model
/// lies in (its evaluation settings, so a θo or unlearned model is measured as the study measured it), else from the
/// <see cref="EvaluationSettings"/> defaults.
/// </summary>
public sealed record EvalRequest
{
    public required ModelDataOptions Model { get; init; }
    public EvaluationMetrics Metrics { get; init; } = EvaluationMetrics.All;
    /// <summary>θr's folder: forget quality compares against its forget truth ratios.</summary>
    public string? ReferenceModel { get; init; }
    /// <summary>Also run the slow generation-based ES on every item and record agreement.</summary>
    public bool GenerationReference { get; init; }
    public int? RetainItems { get; init; }
    public int? MaxUtilityItems { get; init; }
    public int? MaxNewTokens { get; init; }
    public int? BatchSize { get; init; }
}

/// <summary>What an evaluation produced: the OpenUnlearning-style metrics, the evaluation and the item counts.</summary>
public sealed record EvalOutcome(IReadOnlyDictionary<string, MetricResult> Metrics, ModelEvaluation Evaluation, EvaluationSuite Suite);
