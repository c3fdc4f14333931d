using LocUnlearn.Evaluation.Statistics;

namespace LocUnlearn.Tests.Evaluation;

/// <summary>
/// <see cref="KolmogorovDistribution.OneSampleSf"/> (scipy kstwo.sf with documented deviations) and the asymptotic branch
/// of <see cref="KolmogorovSmirnov.TwoSample"/> against <see cref="KolmogorovReference"/>, branch by branch: exact where the
/// code claims an exact law, within the documented error where it does not.
/// </summary>
public class KolmogorovDistributionTests
{
    /// <summary>The reference itself: published two-sided critical values (α = 0.05; Massey 1951, 5 digits) and the
    /// closed form P(D_1 ≥ d) = 2(1 - d) for d ≥ 1/2.</summary>
    [Theory]
    [InlineData(5, 0.56328)]
    [InlineData(10, 0.40925)]
    [InlineData(20, 0.29408)]
    public void ReferenceReproducesPublishedCriticalValues(int n, double critical)
    {
        Assert.Equal(0.05, KolmogorovReference.ExactSf(n, critical), 4);
        Assert.Equal(2 * (1 - 0.7), KolmogorovReference.ExactSf(1, 0.7), 12);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(5.0)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void LimitingSfEqualsTheAlternatingSeries(double lambda)
    {
        double expected = KolmogorovReference.LimitingSf(lambda);
        // Relative: at λ = 5, p ≈ 4e-22, far below any absolute tolerance.
        Assert.True(Math.Abs(KolmogorovDistribution.LimitingSf(lambda) - expected) <= 1e-12 * expected,
            $"λ = {lambda}: {KolmogorovDistribution.LimitingSf(lambda)} vs {expected}");
    }

    /// <summary>Branches with an exact law: D_n ≤ 1/(2n) surely (p = 1); Ruben–Gambino on 1/(2n) &lt; x ≤ 1/n; 2(1 - x)^n for
    /// x ≥ 1 - 1/n; 2·smirnov for x ≥ 1/2 (the two one-sided events cannot both happen there).</summary>
    [Theory]
    [InlineData(10, 0.04)]  // n·x ≤ 1/2
    [InlineData(10, 0.08)]  // Ruben–Gambino
    [InlineData(40, 0.02)]  // Ruben–Gambino
    [InlineData(5, 0.85)]   // n·x ≥ n - 1
    [InlineData(6, 0.55)]   // x ≥ 1/2
    [InlineData(30, 0.6)]   // x ≥ 1/2
    public void OneSampleSfIsExactInItsExactBranches(int n, double x)
    {
        Assert.Equal(KolmogorovReference.ExactSf(n, x), KolmogorovDistribution.OneSampleSf(n, x), 12);
    }

    /// <summary>x &lt; 1/2, n·x² ≥ 2.2: 2·smirnov = P(D+ ≥ x) + P(D- ≥ x) exceeds the two-sided law by the probability of
    /// crossing both boundaries, documented as ≈ p²/2; checked as 0 ≤ excess ≤ p²/2.</summary>
    [Theory]
    [InlineData(50, 0.25)]
    [InlineData(100, 0.16)]
    [InlineData(400, 0.08)]
    [InlineData(12, 0.45)]
    public void OneSampleSfIsTwiceSmirnovAboveTheExactLawByLessThanHalfPSquared(int n, double x)
    {
        Assert.True(n * x * x >= 2.2 && x < 0.5);
        double exact = KolmogorovReference.ExactSf(n, x);
        double p = KolmogorovDistribution.OneSampleSf(n, x);
        Assert.Equal(2 * KolmogorovDistribution.SmirnovSf(n, x), p, 15);
        Assert.InRange(p - exact, -1e-13, p * p / 2);
    }

    /// <summary>
    /// n·x² &lt; 2.2 (p ≳ 0.02) and n·x &gt; 1: the Kolmogorov limit at √n·x, documented to be off the exact law by O(n^-1/2).
    /// The leading correction (Pelz–Good) shifts λ = √n·x by +1/(6√n), so the limit overestimates p by about
    /// K'(λ)/(6√n) ≤ 1.77/(6√n) ≈ 0.29/√n (max Kolmogorov density 1.77): checked as 0 &lt; p - exact ≤ 0.32/√n.
    /// Measured here: (p - exact)·√n up to 0.26 (n = 50, λ = 0.78).
    /// </summary>
    [Theory]
    [InlineData(100, 0.05)]
    [InlineData(100, 0.1)]
    [InlineData(100, 0.14)]
    [InlineData(400, 0.03)]
    [InlineData(400, 0.06)]
    [InlineData(2000, 0.02)]
    public void OneSampleSfUsesTheLimitWithinItsDocumentedError(int n, double x)
    {
        Assert.True(n * x * x < 2.2 && n * x > 1);
        double p = KolmogorovDistribution.OneSampleSf(n, x);
        Assert.Equal(KolmogorovReference.LimitingSf(Math.Sqrt(n) * x), p, 12);
        double exact = KolmogorovReference.ExactSf(n, x);
        AssertLimitError(p, exact, n, $"n = {n}, x = {x}");
    }

    private static void AssertLimitError(double p, double exact, int n, string where)
    {
        double scaled = (p - exact) * Math.Sqrt(n);
        Assert.True(scaled > 0 && scaled <= 0.32, $"{where}: {p} vs exact {exact}, (p - exact)·√n = {scaled}");
    }

    [Fact]
    public void OneSampleSfEdges()
    {
        Assert.Equal(0.0, KolmogorovDistribution.OneSampleSf(10, 1.0));
        Assert.Equal(1.0, KolmogorovDistribution.OneSampleSf(10, 0.0));
        // n·x² ≥ 370: 0 (the limit, an upper bound of this order, is below double's normal range there).
        Assert.Equal(0.0, KolmogorovDistribution.OneSampleSf(1000, 0.61));
        Assert.True(KolmogorovReference.LimitingSf(Math.Sqrt(1000) * 0.61) < 1e-300);
    }

    /// <summary>
    /// Above 10,000 items the two-sample test is asymptotic: p = kstwo.sf(d, round(n1·n2/(n1+n2))). A uniform grid of
    /// 10,001 points against 50 shifted points (effective n = round(49.75) = 50) puts d in each branch of kstwo.sf; two
    /// grids of 10,001 (effective n = round(5000.5) = 5000) check a large effective size.
    /// </summary>
    [Theory]
    [InlineData(50, 0.005, "ruben-gambino")]
    [InlineData(50, 0.1, "limit")]
    [InlineData(50, 0.3, "smirnov")]
    [InlineData(50, 0.6, "smirnov-exact")]
    [InlineData(50, 1.5, "separated")]
    [InlineData(10_001, 0.012, "limit")]
    [InlineData(10_001, 0.025, "smirnov")]
    public void TwoSampleAsymptoticBranchMatchesKstwoAtTheEffectiveSize(int n2, double shift, string branch)
    {
        const int n1 = 10_001;
        var a = Enumerable.Range(0, n1).Select(i => i / (double)n1).ToArray();
        var b = Enumerable.Range(0, n2).Select(j => (j + 0.5) / n2 + shift).ToArray();
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.Equal(KsMethod.Asymptotic, r.Method);
        int n = n2 == 50 ? 50 : 5000;
        double d = r.Statistic, nd = n * d, nd2 = nd * d;
        double exact = d >= 1 ? 0.0 : KolmogorovReference.ExactSf(n, d);
        string where = $"{branch}: n = {n}, d = {d}, p = {r.PValue}, exact {exact}";
        switch (branch)
        {
            case "ruben-gambino":
                Assert.True(nd > 0.5 && nd <= 1, where);
                Assert.True(Math.Abs(r.PValue - exact) <= 1e-12, where);
                break;
            case "limit":
                Assert.True(nd2 < 2.2 && nd > 1 && d < 0.5, where);
                AssertLimitError(r.PValue, exact, n, where);
                break;
            case "smirnov":
                Assert.True(nd2 >= 2.2 && d < 0.5, where);
                Assert.InRange(r.PValue - exact, -1e-13, r.PValue * r.PValue / 2);
                break;
            case "smirnov-exact":
                Assert.True(d >= 0.5 && nd < n - 1, where);
                Assert.True(Math.Abs(r.PValue - exact) <= 1e-12, where);
                break;
            default:
                Assert.Equal(1.0, d);
                Assert.Equal(0.0, r.PValue);
                break;
        }
    }
}
