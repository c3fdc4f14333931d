using LocUnlearn.Config;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Reporting;

/// <summary>One metric of one run for a comparison: its value and whether it could move at all (MU95 from θo alone).</summary>
public sealed record MetricOf(string Name, Func<RunResult, double?> Value, Func<RunResult, bool> FromThetaOAlone, Func<EquivalenceMargins, double> Margin)
{
    public static MetricOf Aues { get; } = new("aues", r => r.Aues, _ => false, m => m.Aues);
    public static MetricOf Mu95 { get; } = new("mu95", r => r.Mu95, r => r.Mu95FromThetaO, m => m.Mu95);
    public static IReadOnlyList<MetricOf> Both { get; } = [Aues, Mu95];
}

/// <summary>
/// Arm A (Oracle, or a localizer) vs arm B (Random) on one metric over the seeds where both runs succeeded (SPEC 9-10):
/// per-arm mean ± std, mean ± std of per-seed |Δ|, the mean of Δ = A − B with a 95% paired-bootstrap CI, the exact paired
/// sign-flip test, the paired t-test, Cohen's d_z, a paired TOST against the metric's equivalence margin, and the verdict.
/// Welch's unpaired test is kept for continuity (p_welch) but the seeds pair the arms, so it is no longer cited.
/// A comparison where any run of either arm has a MU95 taken from θo alone is degenerate: numbers shown, nothing tested.
/// </summary>
public sealed record PairedComparison(IReadOnlyList<long> Seeds, IReadOnlyList<double> A, IReadOnlyList<double> B,
    MeanStd MeanA, MeanStd MeanB, MeanStd AbsDelta, double PPermutation, double PWelch)
{
    public const string PermutationTest = "exact paired sign-flip permutation";
    public const string PairedT = "paired t";
    public const string WelchTest = "Welch t";
    public const string TestName = "exact paired sign-flip permutation test over seeds (two-sided); paired t-test (two-sided); " +
                                   "paired TOST against the metric's equivalence margin; 95% CI of the mean difference by the paired bootstrap over seeds";

    public double MeanDelta { get; init; } = double.NaN;
    public (double Low, double High) Ci95 { get; init; } = (double.NaN, double.NaN);
    public double PPairedT { get; init; } = double.NaN;
    public double PTost { get; init; } = double.NaN;
    public double EffectSizeDz { get; init; } = double.NaN;
    public double Margin { get; init; } = double.NaN;
    /// <summary>Sample std of the per-seed differences.</summary>
    public double DeltaStd { get; init; } = double.NaN;
    /// <summary>The smallest |Δ| the paired t-test detects with 80% power at this spread and number of seeds.</summary>
    public double Mde80 { get; init; } = double.NaN;
    public Verdict Verdict { get; init; } = Verdict.NotTested;
    /// <summary>Runs (either arm, paired seeds) whose metric came from θo alone.</summary>
    public int DegenerateRuns { get; init; }
    public bool Degenerate => Verdict is Verdict.Degenerate or Verdict.Floor;
    /// <summary>Seeds where A − B has the sign of the mean difference (0 when the mean is 0).</summary>
    public int SeedsAgreeingInSign => double.IsNaN(MeanDelta) || MeanDelta == 0
        ? 0
        : A.Zip(B).Count(p => Math.Sign(p.First - p.Second) == Math.Sign(MeanDelta));

    /// <summary>The smallest two-sided p the exact sign-flip test can give with n pairs: 2/2^n.</summary>
    public static double SmallestExactP(int pairs) => Math.Min(1.0, 2.0 / Math.Pow(2, pairs));

    /// <summary>Below this many seeds the percentile bootstrap of a mean difference is too narrow to read alone.</summary>
    public const int FewSeedsForBootstrap = 10;

    /// <summary>
    /// A reader's warning for few seeds, empty from <see cref="FewSeedsForBootstrap"/> on: resampling n values, the
    /// bootstrap interval is about √((n−1)/n)·z/t(n−1) as wide as the t interval behind the paired t p (0.37× at n = 3,
    /// 0.67× at n = 5), so it can exclude 0 while p > α; the verdict follows the tests, not the interval.
    /// </summary>
    public static string BootstrapCaveat(int pairs) => pairs is >= 2 and < FewSeedsForBootstrap
        ? $"With {pairs} seeds the bootstrap CI resamples only {pairs} values and is narrower than the t interval behind the paired t p, " +
          "so it can exclude 0 while p > α: the verdict follows the tests, not the CI."
        : "";

    /// <summary>Seeds the paired t-test needs to detect |Δ| = <paramref name="delta"/> with 80% power at this spread.</summary>
    public int? SeedsNeeded(double delta, double alpha) => PairedTPower.SeedsNeeded(Math.Abs(delta), DeltaStd, alpha);

    public static PairedComparison? Of(IReadOnlyList<RunResult> a, IReadOnlyList<RunResult> b, MetricOf metric, StatisticsConfig statistics)
    {
        var pairs = a.Where(r => r.Ok)
            .Join(b.Where(r => r.Ok), r => r.Seed, r => r.Seed, (x, y) => (x.Seed, X: x, Y: y))
            .Where(p => metric.Value(p.X) is double && metric.Value(p.Y) is double)
            .OrderBy(p => p.Seed)
            .ToList();
        if (pairs.Count == 0) return null;
        var va = pairs.Select(p => metric.Value(p.X)!.Value).ToList();
        var vb = pairs.Select(p => metric.Value(p.Y)!.Value).ToList();
        var basic = new PairedComparison(pairs.Select(p => p.Seed).ToList(), va, vb, Summary.Of(va), Summary.Of(vb),
            Summary.OfAbsoluteDifferences(va, vb), double.NaN, double.NaN)
        {
            MeanDelta = va.Zip(vb, (x, y) => x - y).Average(),
            Margin = metric.Margin(statistics.EquivalenceMargin),
            DegenerateRuns = pairs.Sum(p => (metric.FromThetaOAlone(p.X) ? 1 : 0) + (metric.FromThetaOAlone(p.Y) ? 1 : 0)),
        };
        if (basic.DegenerateRuns > 0)
            return basic with { Verdict = Verdict.Degenerate };
        return Tested(basic, statistics);
    }

    private static PairedComparison Tested(PairedComparison c, StatisticsConfig statistics)
    {
        var d = c.A.Zip(c.B, (x, y) => x - y).ToList();
        var withCi = c with
        {
            PPermutation = PairedPermutationTest.TwoSidedPValue(d),
            Ci95 = SeedBootstrap.MeanDifferenceCi(d, statistics.BootstrapResamples, statistics.BootstrapSeed),
        };
        if (d.Count < 2)
            return withCi;
        double pT = PairedTTest.TwoSided(d).PValue, pTost = PairedTost.PValue(d, c.Margin);
        double sd = Summary.Of(d).Std;
        return withCi with
        {
            DeltaStd = sd,
            Mde80 = PairedTPower.MinimumDetectable(d.Count, sd, statistics.Alpha),
            PWelch = WelchTTest.TwoSided(c.A, c.B).PValue,
            PPairedT = pT,
            PTost = pTost,
            EffectSizeDz = sd > 0 ? c.MeanDelta / sd : double.NaN,
            Verdict = pT < statistics.Alpha ? Verdict.Differs : pTost < statistics.Alpha ? Verdict.Equivalent : Verdict.Inconclusive,
        };
    }
}
