namespace LocUnlearn.Evaluation;

/// <summary>Result of the utility bisection: the largest mixing weight found whose utility stays at the target.</summary>
/// <param name="Alpha">Mixing weight (θ(α) = (1-α)θo + αθu).</param>
/// <param name="Utility">MU at <see cref="Alpha"/>.</param>
/// <param name="Reached">False when even α = 0 (θo) is below the target: then Alpha = 0.</param>
public sealed record MixingBisectionResult(double Alpha, double Utility, bool Reached, int Evaluations);

/// <summary>
/// Model-mixing alternatives of AUES and MU95 (SPEC 9): the caller builds θ(α) = (1-α)θo + αθu and evaluates it;
/// these helpers only choose the α values.
/// </summary>
public static class ModelMixing
{
    /// <summary>α grid 0, 1/(n-1), ..., 1 for the mixing-curve AUES (evaluate each α, then <see cref="Aues.Compute(IEnumerable{TradeOffPoint})"/>).</summary>
    public static double[] AlphaGrid(int count)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), "a grid needs at least the two endpoints");
        return Enumerable.Range(0, count).Select(i => i == count - 1 ? 1.0 : (double)i / (count - 1)).ToArray();
    }

    /// <summary>
    /// Bisection on α ∈ [0, 1] for MU(α) = target (MU95's alternative: target = 0.95·MU(θo)). Assumes MU is
    /// non-increasing in α (mixing in more of the unlearned model costs utility); if it is not, the result is
    /// one crossing, not necessarily the largest. Returns the largest α seen with MU ≥ target.
    /// </summary>
    public static MixingBisectionResult BisectAlpha(Func<double, double> utilityAt, double target, double tolerance = 1e-3, int maxEvaluations = 30)
    {
        if (tolerance <= 0) throw new ArgumentOutOfRangeException(nameof(tolerance));
        int evaluations = 0;
        double Evaluate(double a) { evaluations++; return utilityAt(a); }

        double atOne = Evaluate(1.0);
        if (atOne >= target) return new MixingBisectionResult(1.0, atOne, true, evaluations);
        double atZero = Evaluate(0.0);
        if (atZero < target) return new MixingBisectionResult(0.0, atZero, false, evaluations);

        double low = 0.0, lowUtility = atZero, high = 1.0;
        while (high - low > tolerance && evaluations < maxEvaluations)
        {
            double mid = 0.5 * (low + high);
            double u = Evaluate(mid);
            if (u >= target) { low = mid; lowUtility = u; }
            else high = mid;
        }
        return new MixingBisectionResult(low, lowUtility, true, evaluations);
    }
}
