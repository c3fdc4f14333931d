namespace LocUnlearn.Evaluation;

/// <summary>
/// Per-item values of one metric, as OpenUnlearning's value_by_index entries. Only the fields the metric fills
/// are set; null fields are not written.
/// </summary>
public sealed record ItemMetrics
{
    /// <summary>Question index in its split.</summary>
    public required int Index { get; init; }
    /// <summary>Tokens of the item's prompt (chat template included).</summary>
    public int? PromptTokens { get; init; }
    /// <summary>T: tokens of the item's answer as Extraction Strength scores them (the trailing EOS / end-of-turn
    /// targets excluded); on perturbed splits, of the (question, answer) example, not the paraphrased or perturbed ones.</summary>
    public int? AnswerTokens { get; init; }
    /// <summary>Extraction Strength: k* and ES = 1 - k*/T.</summary>
    public int? KStar { get; init; }
    public double? Es { get; init; }
    /// <summary>exp(-mean CE) (probability) or the normalised option probability (probability_w_options).</summary>
    public double? Prob { get; init; }
    /// <summary>Mean CE over the answer tokens.</summary>
    public double? AvgLoss { get; init; }
    /// <summary>R = perturbed / paraphrased (see <see cref="TruthRatio"/>).</summary>
    public double? TruthRatio { get; init; }
    public double? RougeLRecall { get; init; }
    public string? Generation { get; init; }
    public string? GroundTruth { get; init; }
}

/// <summary>One metric: its aggregate and its per-item values keyed by question index.</summary>
public sealed record MetricResult(double AggValue, IReadOnlyDictionary<int, ItemMetrics> ValueByIndex)
{
    /// <summary>Keys the items by their question index; two items with the same index are an error.</summary>
    public static MetricResult Create(double aggValue, IEnumerable<ItemMetrics> items) =>
        new(aggValue, items.ToDictionary(i => i.Index));
}
