namespace LocUnlearn.Evaluation;

/// <summary>Probability components of model utility (SPEC 9), as TOFU and OpenUnlearning compute them.</summary>
public static class Probability
{
    /// <summary>Per-item probability on retain: exp(-mean CE) of the answer (OpenUnlearning "probability").</summary>
    public static double OfAnswer(AnswerLogProb answer) => answer.NormalizedProbability;

    /// <summary>
    /// Per-item probability on real_authors / world_facts: P(a) / (P(a) + Σ_k P(ŷ_k)), every P length-normalised
    /// (P(y|x)^(1/|y|) = exp(-mean CE)), as TOFU's aggregate_stat and OpenUnlearning's "probability_w_options" do.
    /// Computed with a shared max shift so that very small probabilities do not underflow to 0/0.
    /// </summary>
    public static double WithOptions(AnswerLogProb answer, IReadOnlyList<AnswerLogProb> perturbed)
    {
        if (perturbed.Count == 0) throw new ArgumentException("at least one perturbed answer is needed", nameof(perturbed));
        double a = answer.MeanLogProb;
        double shift = Math.Max(a, perturbed.Max(p => p.MeanLogProb));
        double numerator = Math.Exp(a - shift);
        double denominator = numerator + perturbed.Sum(p => Math.Exp(p.MeanLogProb - shift));
        return numerator / denominator;
    }

    /// <summary>Dataset value: the mean of the per-item probabilities.</summary>
    public static double Mean(IReadOnlyList<double> perItem) =>
        perItem.Count > 0 ? perItem.Average() : throw new ArgumentException("no items", nameof(perItem));
}
