namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// The 95% confidence interval of the mean per-seed difference by the paired bootstrap over seeds (SPEC 10): each
/// replicate resamples the seeds with replacement, keeping each seed's Oracle and Random together (the pairing), through
/// <see cref="PairedBootstrap"/> with the seeds as its units. Seeded, so a study's report is reproducible. With few
/// seeds the percentile interval is narrow (n = 3 has 10 distinct resamples): read it with the t-test beside it.
/// </summary>
public static class SeedBootstrap
{
    public static (double Low, double High) MeanDifferenceCi(IReadOnlyList<double> differences, int resamples = 10_000, int seed = 0,
        double confidence = 0.95)
    {
        if (differences.Count == 0) throw new ArgumentException("no differences", nameof(differences));
        var r = PairedBootstrap.Run([differences.Count], (_, seeds) => seeds.Average(i => differences[i]), resamples, seed, confidence);
        return (r.CiLow, r.CiHigh);
    }
}
