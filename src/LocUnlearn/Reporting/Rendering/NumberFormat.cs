using System.Globalization;

namespace LocUnlearn.Reporting.Rendering;

/// <summary>
/// How numbers appear in reports: invariant culture (a report must not depend on the machine's locale),
/// ASCII minus, no exponent for the magnitudes our metrics take.
/// </summary>
public static class NumberFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Beyond this many decimals fixed notation stops being readable; such numbers get an exponent.
    private const int MaxDecimals = 12;

    /// <summary>
    /// <paramref name="value"/> rounded to <paramref name="digits"/> significant digits, trailing zeros kept
    /// (they state the precision): 0.59312 → "0.593", -10.333 → "-10.3", 0.000123456 → "0.000123".
    /// Integers of more digits keep them all: 12345.6 → "12346".
    /// </summary>
    public static string Significant(double value, int digits = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (!double.IsFinite(value))
            return NonFinite(value);
        if (value == 0)
            return "0";
        int decimals = DecimalsFor(value, digits);
        if (decimals > MaxDecimals || Math.Abs(value) >= 1e15)
            return value.ToString((digits > 1 ? "0." + new string('0', digits - 1) : "0") + "e+0", Invariant); // -4.44e-12
        double rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        // Rounding can carry into a new leading digit (0.9996 → 1.000); count again so 3 digits stay 3.
        return rounded.ToString("F" + DecimalsFor(rounded, digits), Invariant);
    }

    /// <summary>
    /// "mean ± std" over seeds with the sample standard deviation (n - 1). The std gets 2 significant digits
    /// and the mean is rounded to the same decimal place, the usual convention: 0.5931 ± 0.01234 →
    /// "0.593 ± 0.012". One value has no spread: just the mean.
    /// </summary>
    public static string MeanStd(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("mean ± std of no values.", nameof(values));
        double mean = values.Average();
        if (values.Count == 1)
            return Significant(mean);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return MeanStd(mean, std);
    }

    public static string MeanStd(double mean, double std)
    {
        if (!double.IsFinite(mean))
            return NonFinite(mean);
        // A spread 12 orders below the mean is floating-point noise (e.g. identical per-seed differences
        // computed from different operands), not a measured std; printing it would suggest false precision.
        if (!double.IsFinite(std) || std <= Math.Abs(mean) * 1e-12)
            return Significant(mean) + " ± 0";
        int decimals = DecimalsFor(Math.Round(std, DecimalsFor(std, 2), MidpointRounding.AwayFromZero), 2);
        if (decimals > MaxDecimals)
            return Significant(mean) + " ± " + Significant(std, 2);
        return Fixed(mean, decimals) + " ± " + Fixed(std, decimals);
    }

    /// <summary>
    /// A p-value as reported in papers: "&lt;0.001" below 0.001, three decimals below 0.1 ("0.031"), two
    /// above ("0.61"), the precision SPEC 11's reference numbers use.
    /// </summary>
    public static string PValue(double p)
    {
        if (double.IsNaN(p))
            return "n/a";
        if (p < 0 || p > 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "A p-value lies in [0, 1].");
        if (p < 0.001)
            return "<0.001";
        return p < 0.1 ? Fixed(p, 3) : Fixed(p, 2);
    }

    public static string Integer(long value) => value.ToString(Invariant);

    private static string Fixed(double value, int decimals)
    {
        string text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, Invariant);
        // "-0.000" says a sign the rounded number does not have.
        return text.StartsWith('-') && text.Skip(1).All(c => c is '0' or '.') ? text[1..] : text;
    }

    private static int DecimalsFor(double value, int digits) =>
        Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));

    private static string NonFinite(double value) => double.IsNaN(value) ? "n/a" : value > 0 ? "inf" : "-inf";
}
