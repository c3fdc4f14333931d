namespace LocUnlearn.Evaluation;

/// <summary>What a model evaluation reads and how it runs (SPEC 9). Defaults follow TOFU / OpenUnlearning.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Forget split for FS; its <c>_perturbed</c> twin supplies the forget truth ratios.</summary>
    public string ForgetSplit { get; init; } = "forget10";

    /// <summary>Retain split for RS; only its first <see cref="RetainItems"/> rows are used.</summary>
    public string RetainSplit { get; init; } = "retain90";

    /// <summary>RS subset size: TOFU's retain_perturbed has 400 rows, a subset of that size keeps RS as cheap as FS.</summary>
    public int RetainItems { get; init; } = 400;

    /// <summary>Cap on rows per utility split (retain_perturbed, real_authors_perturbed, world_facts_perturbed); null = all.</summary>
    public int? MaxUtilityItems { get; init; }

    /// <summary>Greedy generation length for ROUGE-L (TOFU: 200, stopping at EOS).</summary>
    public int MaxNewTokens { get; init; } = 200;

    /// <summary>Rows per teacher-forced batch (rows are sorted by length first, so padding stays small).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Prompts generated together; larger batches amortise each step's fixed cost until memory runs out.</summary>
    public int GenerationBatchSize { get; init; } = 256;

    public EvaluationMetrics Metrics { get; init; } = EvaluationMetrics.All;

    public void Validate()
    {
        if (RetainItems < 1) throw new ArgumentException($"retain_items must be positive, got {RetainItems}.");
        if (MaxUtilityItems is < 1) throw new ArgumentException($"max_utility_items must be positive, got {MaxUtilityItems}.");
        if (MaxNewTokens < 1) throw new ArgumentException($"max_new_tokens must be positive, got {MaxNewTokens}.");
        if (BatchSize < 1) throw new ArgumentException($"batch_size must be positive, got {BatchSize}.");
        if (GenerationBatchSize < 1) throw new ArgumentException($"generation_batch_size must be positive, got {GenerationBatchSize}.");
        if (Metrics == EvaluationMetrics.None) throw new ArgumentException("metrics: select at least one of es, fq, mu.");
    }
}
