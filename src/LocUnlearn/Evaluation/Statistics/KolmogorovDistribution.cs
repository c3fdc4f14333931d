using MathNet.Numerics;

namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// Survival functions of the Kolmogorov statistics, following scipy's `_kolmogn` case split for the regimes the
/// two-sample test reaches (effective sizes in the thousands):
/// exact edge cases (Ruben–Gambino), 2·smirnov(n, x) (exact Birnbaum–Tingey sum) when x ≥ 0.5 or n·x² ≥ 2.2,
/// 0 when n·x² ≥ 370. Where scipy evaluates 1 - CDF by the Durbin matrix or Pelz–Good (n·x² &lt; 2.2, i.e.
/// p ≳ 0.02) we use the limiting Kolmogorov distribution (kstwobign) at √n·x: its error is O(n^-1/2), irrelevant
/// for log10 FQ at such p-values. For effective sizes n ≤ 140 (one sample under ~140 items against one over
/// 10,000) scipy uses the Durbin matrix / Pomeranz recursion up to n·x² ≤ 4; we use 2·smirnov from n·x² ≥ 2.2 on,
/// which differs from the two-sided law only by the probability of crossing both boundaries (≈ p²/2).
/// Documented deviations, not silent ones; the study's samples (400 per side) always take the exact path.
/// </summary>
public static class KolmogorovDistribution
{
    /// <summary>P(D_n ≥ x) for the two-sided one-sample statistic (scipy kstwo.sf, with the deviation above).</summary>
    public static double OneSampleSf(long n, double x)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        double t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            // CDF = n!/n^n · (2t - 1)^n on 1/(2n) ≤ x ≤ 1/n.
            double logCdf = SpecialFunctions.FactorialLn((int)Math.Min(n, int.MaxValue)) - n * Math.Log(n) + n * Math.Log(2 * t - 1);
            return 1.0 - Math.Exp(logCdf);
        }
        if (t >= n - 1) return 2.0 * Math.Pow(1.0 - x, n);
        double nxSquared = t * x;
        if (x >= 0.5 || nxSquared >= 2.2)
        {
            if (nxSquared >= 370.0) return 0.0;
            return Math.Min(1.0, 2.0 * SmirnovSf(n, x));
        }
        return LimitingSf(Math.Sqrt(n) * x);
    }

    /// <summary>
    /// One-sided P(D+_n ≥ x) (scipy.special.smirnov), Birnbaum–Tingey:
    /// x · Σ_{j=0}^{⌊n(1-x)⌋} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1), summed in log space.
    /// </summary>
    public static double SmirnovSf(long n, double x)
    {
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        long last = (long)Math.Floor(n * (1.0 - x));
        double logMax = double.NegativeInfinity;
        var logTerms = new List<double>();
        double logN = SpecialFunctions.FactorialLn((int)n);
        for (long j = 0; j <= last; j++)
        {
            double rest = 1.0 - x - (double)j / n;
            if (rest <= 0.0) continue; // a zero factor (n - j > 0 here)
            double logTerm = logN - SpecialFunctions.FactorialLn((int)j) - SpecialFunctions.FactorialLn((int)(n - j))
                + (n - j) * Math.Log(rest) + (j - 1) * Math.Log(x + (double)j / n);
            logTerms.Add(logTerm);
            logMax = Math.Max(logMax, logTerm);
        }
        if (logTerms.Count == 0) return 0.0;
        double sum = logTerms.Sum(l => Math.Exp(l - logMax));
        return Math.Min(1.0, x * Math.Exp(logMax) * sum);
    }

    /// <summary>Limiting distribution (scipy kstwobign.sf): P(K ≥ z) = 2 Σ_{k≥1} (-1)^{k-1} exp(-2k²z²); for small z
    /// the alternating series converges slowly, so use the Jacobi-theta form of the CDF,
    /// √(2π)/z Σ_{k≥1} exp(-(2k-1)²π²/(8z²)).</summary>
    public static double LimitingSf(double z)
    {
        if (z <= 0.0) return 1.0;
        if (z < 1.0)
        {
            double cdf = 0.0;
            for (int k = 1; k <= 50; k++)
                cdf += Math.Exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * z * z));
            return 1.0 - Math.Sqrt(2 * Math.PI) / z * cdf;
        }
        double sf = 0.0;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * z * z);
            sf += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-300) break;
        }
        return Math.Clamp(2.0 * sf, 0.0, 1.0);
    }
}
