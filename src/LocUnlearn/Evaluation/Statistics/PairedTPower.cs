using MathNet.Numerics.Distributions;

namespace LocUnlearn.Evaluation.Statistics;

/// <summary>
/// The resolution of "no difference" (SPEC 10, 12): the power of the two-sided paired t-test, the smallest difference it
/// detects with 80% power at the observed spread, and the seeds needed for a given difference. Power uses the noncentral
/// t distribution: with d = mean difference, σ its spread and n seeds, T ~ t'(n − 1, d·√n/σ), and the power is
/// P(|T| &gt; t_{1−α/2, n−1}).
/// </summary>
public static class PairedTPower
{
    public const double TargetPower = 0.8;

    public static double Power(int n, double delta, double sd, double alpha = 0.05) =>
        n < 2 ? double.NaN : Power(n, delta, sd, alpha, ChiScales(n - 1));

    /// <summary>Power with the χ² quantile scales of df = n − 1 given, so that a search over δ computes them once.</summary>
    private static double Power(int n, double delta, double sd, double alpha, double[] scales)
    {
        if (sd <= 0) return delta == 0 ? alpha : 1;
        int df = n - 1;
        double ncp = Math.Abs(delta) * Math.Sqrt(n) / sd;
        double critical = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        return 1 - NoncentralTCdf(critical, ncp, scales) + NoncentralTCdf(-critical, ncp, scales);
    }

    /// <summary>The smallest |difference| detected with <see cref="TargetPower"/> by n seeds at spread σ (NaN below 2).</summary>
    public static double MinimumDetectable(int n, double sd, double alpha = 0.05)
    {
        if (n < 2 || !double.IsFinite(sd)) return double.NaN;
        if (sd == 0) return 0;
        double[] scales = ChiScales(n - 1);
        double low = 0, high = sd;
        while (Power(n, high, sd, alpha, scales) < TargetPower)
            high *= 2;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (low + high);
            if (Power(n, mid, sd, alpha, scales) < TargetPower) low = mid; else high = mid;
        }
        return high;
    }

    /// <summary>The fewest seeds that detect |difference| <paramref name="delta"/> with 80% power at spread σ, or null
    /// beyond <paramref name="maxSeeds"/>. Power grows with n, so a doubling search and a bisection find the same n as
    /// trying every n from 2 in about 2·log2(n) power evaluations instead of n.</summary>
    public static int? SeedsNeeded(double delta, double sd, double alpha = 0.05, int maxSeeds = 1000)
    {
        if (!double.IsFinite(delta) || !double.IsFinite(sd) || delta == 0 || maxSeeds < 2) return null;
        bool Enough(int n) => Power(n, delta, sd, alpha) >= TargetPower;
        int low = 1, high = 2; // invariant once found: high is enough, low (when >= 2) is not
        while (!Enough(high))
        {
            if (high == maxSeeds) return null;
            low = high;
            high = Math.Min(2 * high, maxSeeds);
        }
        while (high - low > 1)
        {
            int mid = (low + high) / 2;
            if (Enough(mid)) high = mid; else low = mid;
        }
        return high;
    }

    /// <summary>
    /// P(T ≤ t) for T = (Z + ncp)/√(V/df), V ~ χ²(df): the mean over V of Φ(t·√(V/df) − ncp), integrated over V's
    /// quantiles (the integrand is smooth and bounded, so a midpoint rule in probability space converges fast).
    /// </summary>
    public static double NoncentralTCdf(double t, int df, double ncp) => NoncentralTCdf(t, ncp, ChiScales(df));

    private const int Points = 4000;

    private static double NoncentralTCdf(double t, double ncp, double[] scales)
    {
        double sum = 0;
        for (int i = 0; i < Points; i++)
            sum += Normal.CDF(0, 1, t * scales[i] - ncp);
        return sum / Points;
    }

    /// <summary>√(v/df) at the midpoint quantiles of χ²(df): the costly part of the integral (an inverse incomplete gamma
    /// each), the same for every t and ncp.</summary>
    private static double[] ChiScales(int df)
    {
        var scales = new double[Points];
        for (int i = 0; i < Points; i++)
            scales[i] = Math.Sqrt(ChiSquared.InvCDF(df, (i + 0.5) / Points) / df);
        return scales;
    }
}
