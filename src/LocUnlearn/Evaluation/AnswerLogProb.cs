namespace LocUnlearn.Evaluation;

/// <summary>
/// A model's score of one answer given its question: log π(y|x) = Σ_t log p_t over the answer tokens, and
/// the number of tokens it sums over (SPEC 1). The metrics here only need these two numbers per answer.
/// </summary>
public readonly record struct AnswerLogProb(double LogProbSum, int TokenCount)
{
    /// <summary>Mean log-probability per token = -mean CE; exp of it is the length-normalised probability
    /// P(y|x)^(1/|y|) that TOFU and OpenUnlearning use everywhere.</summary>
    public double MeanLogProb => TokenCount > 0
        ? LogProbSum / TokenCount
        : throw new InvalidOperationException("an answer with no tokens has no per-token probability");

    /// <summary>P(y|x)^(1/|y|) = exp(-mean CE).</summary>
    public double NormalizedProbability => Math.Exp(MeanLogProb);
}
