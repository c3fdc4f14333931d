namespace LocUnlearn.Evaluation.Statistics;

/// <summary>Bootstrap distribution summary of the seed-averaged difference.</summary>
/// <param name="Observed">The statistic on the original questions, averaged over seeds.</param>
/// <param name="PValue">Two-sided: min(1, 2·min(P*(Δ ≤ 0), P*(Δ ≥ 0))) over the replicates.</param>
public sealed record BootstrapResult(double Observed, double StandardError, double CiLow, double CiHigh, double PValue, int Resamples);

/// <summary>
/// Paired bootstrap over questions within each seed (SPEC 10, [default]). Each replicate resamples, for every
/// seed independently, that seed's question indices with replacement, applies the same indices to both arms
/// (pairing), recomputes the per-seed difference and averages over seeds. Seeded: identical inputs and seed give
/// identical results.
/// </summary>
public static class PairedBootstrap
{
    /// <param name="questionsPerSeed">Number of questions evaluated in each seed.</param>
    /// <param name="differenceForSeed">(seed, question indices) → statistic(arm A) - statistic(arm B) on those
    /// questions; lets a caller bootstrap any metric that is recomputable from per-question values.</param>
    public static BootstrapResult Run(IReadOnlyList<int> questionsPerSeed, Func<int, int[], double> differenceForSeed,
        int resamples = 10_000, int rngSeed = 0, double confidence = 0.95)
    {
        if (questionsPerSeed.Count == 0 || questionsPerSeed.Any(n => n <= 0))
            throw new ArgumentException("every seed needs questions", nameof(questionsPerSeed));
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples));
        int seeds = questionsPerSeed.Count;
        double observed = Enumerable.Range(0, seeds)
            .Average(s => differenceForSeed(s, Enumerable.Range(0, questionsPerSeed[s]).ToArray()));

        var rng = new Random(rngSeed);
        var replicates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double total = 0.0;
            for (int s = 0; s < seeds; s++)
            {
                var indices = new int[questionsPerSeed[s]];
                for (int q = 0; q < indices.Length; q++) indices[q] = rng.Next(indices.Length);
                total += differenceForSeed(s, indices);
            }
            replicates[r] = total / seeds;
        }
        Array.Sort(replicates);
        double alpha = (1.0 - confidence) / 2.0;
        double below = replicates.Count(v => v <= 0) / (double)resamples;
        double above = replicates.Count(v => v >= 0) / (double)resamples;
        return new BootstrapResult(observed, Summary.Of(replicates).Std,
            Quantile(replicates, alpha), Quantile(replicates, 1.0 - alpha),
            Math.Min(1.0, 2.0 * Math.Min(below, above)), resamples);
    }

    /// <summary>Per-question values of both arms (seed → question → value): the difference of means.</summary>
    public static BootstrapResult OfMeans(IReadOnlyList<IReadOnlyList<double>> armA, IReadOnlyList<IReadOnlyList<double>> armB,
        int resamples = 10_000, int rngSeed = 0, double confidence = 0.95)
    {
        if (armA.Count != armB.Count || armA.Zip(armB).Any(p => p.First.Count != p.Second.Count))
            throw new ArgumentException("both arms need the same seeds and the same questions per seed");
        return Run(armA.Select(a => a.Count).ToArray(),
            (s, idx) => idx.Average(i => armA[s][i] - armB[s][i]), resamples, rngSeed, confidence);
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default method).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
