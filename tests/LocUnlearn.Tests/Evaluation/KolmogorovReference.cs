namespace LocUnlearn.Tests.Evaluation;

/// <summary>
/// The Kolmogorov laws from their definitions, independent of the library's case split: the limiting survival function
/// as the plain alternating series, and the exact CDF of the two-sided one-sample statistic D_n by the Durbin matrix as
/// Marsaglia, Tsang and Wang evaluate it ("Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18), 2003).
/// </summary>
internal static class KolmogorovReference
{
    /// <summary>P(K ≥ λ) = 2 Σ_{k≥1} (-1)^{k-1} exp(-2k²λ²), summed until the terms vanish.</summary>
    public static double LimitingSf(double lambda)
    {
        double sum = 0;
        for (int k = 1; k <= 100_000; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term < 1e-300) break;
        }
        return 2 * sum;
    }

    /// <summary>P(D_n ≥ d) = 1 - P(D_n &lt; d): absolute error ~1e-15, so only p-values well above that are resolved.</summary>
    public static double ExactSf(int n, double d) => 1.0 - ExactCdf(n, d);

    /// <summary>
    /// P(D_n &lt; d) by Durbin's matrix: k = ⌊nd⌋ + 1, m = 2k - 1, h = k - nd; H[i][j] = 1 for i - j + 1 ≥ 0, the first
    /// column and last row corrected by powers of h, entry i,j divided by (i - j + 1)!; then P = n!/n^n · (H^n)[k-1][k-1].
    /// Powers of 10^140 are carried in a separate exponent so nothing overflows.
    /// </summary>
    public static double ExactCdf(int n, double d)
    {
        if (d <= 0) return 0;
        if (d >= 1) return 1;
        int k = (int)(n * d) + 1, m = 2 * k - 1;
        double h = k - n * d;
        var H = new double[m, m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                H[i, j] = i - j + 1 < 0 ? 0 : 1;
        for (int i = 0; i < m; i++)
        {
            H[i, 0] -= Math.Pow(h, i + 1);
            H[m - 1, i] -= Math.Pow(h, m - i);
        }
        H[m - 1, 0] += 2 * h - 1 > 0 ? Math.Pow(2 * h - 1, m) : 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                if (i - j + 1 > 0)
                    for (int g = 1; g <= i - j + 1; g++)
                        H[i, j] /= g;
        var (q, exponent) = Power(H, 0, n, m);
        double s = q[k - 1, k - 1];
        for (int i = 1; i <= n; i++)
        {
            s = s * i / n;
            if (s < 1e-140)
            {
                s *= 1e140;
                exponent -= 140;
            }
        }
        return s * Math.Pow(10, exponent);
    }

    private static (double[,] Matrix, int Exponent) Power(double[,] a, int exponentA, int n, int m)
    {
        if (n == 1) return (a, exponentA);
        var (v, ev) = Power(a, exponentA, n / 2, m);
        var b = Multiply(v, v, m);
        int eb = 2 * ev;
        (double[,] r, int er) = n % 2 == 0 ? (b, eb) : (Multiply(a, b, m), exponentA + eb);
        if (r[m / 2, m / 2] > 1e140)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                    r[i, j] *= 1e-140;
            er += 140;
        }
        return (r, er);
    }

    private static double[,] Multiply(double[,] a, double[,] b, int m)
    {
        var c = new double[m, m];
        for (int i = 0; i < m; i++)
            for (int l = 0; l < m; l++)
            {
                double ail = a[i, l];
                if (ail == 0) continue;
                for (int j = 0; j < m; j++)
                    c[i, j] += ail * b[l, j];
            }
        return c;
    }
}
