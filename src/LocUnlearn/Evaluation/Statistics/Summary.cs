namespace LocUnlearn.Evaluation.Statistics;

/// <summary>Mean ± sample standard deviation (ddof = 1; NaN for a single value, as numpy's std(ddof=1)).</summary>
public sealed record MeanStd(double Mean, double Std, int Count)
{
    public override string ToString() => $"{Mean:G4} ± {Std:G4} (n={Count})";
}

/// <summary>Summaries reported over seeds (SPEC 9): mean ± std, and mean ± std of per-seed |Oracle - Random|.</summary>
public static class Summary
{
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        double mean = values.Average();
        double std = values.Count < 2
            ? double.NaN
            : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanStd(mean, std, values.Count);
    }

    /// <summary>Mean ± std of |a_i - b_i| over paired values (e.g. per-seed Oracle and Random).</summary>
    public static MeanStd OfAbsoluteDifferences(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired samples must have the same length");
        return Of(a.Zip(b, (x, y) => Math.Abs(x - y)).ToArray());
    }
}
