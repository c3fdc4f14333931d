namespace LocUnlearn.Evaluation;

/// <summary>The three per-split components of model utility (SPEC 9).</summary>
public sealed record UtilityComponents(double Probability, double RougeLRecall, double TruthRatioScore);

/// <summary>
/// TOFU model utility (SPEC 9): harmonic mean of the 9 numbers {probability, ROUGE-L recall, truth-ratio score}
/// on {retain_perturbed, real_authors, world_facts}. Like scipy.stats.hmean (which OpenUnlearning uses), any zero
/// component makes the utility 0.
/// </summary>
public static class ModelUtility
{
    public static double Compute(UtilityComponents retain, UtilityComponents realAuthors, UtilityComponents worldFacts) =>
        HarmonicMean(new[]
        {
            retain.Probability, retain.RougeLRecall, retain.TruthRatioScore,
            realAuthors.Probability, realAuthors.RougeLRecall, realAuthors.TruthRatioScore,
            worldFacts.Probability, worldFacts.RougeLRecall, worldFacts.TruthRatioScore,
        });

    public static double HarmonicMean(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        if (values.Any(v => double.IsNaN(v) || v < 0)) throw new ArgumentException("harmonic mean needs non-negative numbers", nameof(values));
        if (values.Any(v => v == 0)) return 0.0;
        return values.Count / values.Sum(v => 1.0 / v);
    }
}
