namespace LocUnlearn.Evaluation;

/// <summary>
/// Which groups of metrics a model evaluation computes. Extraction strength (FS, RS) is cheap (one teacher-forced
/// pass over two splits); forget quality adds the forget_perturbed truth ratios; model utility adds three splits and
/// greedy generation, by far the most expensive part, so long trajectories may skip it.
/// </summary>
[Flags]
public enum EvaluationMetrics
{
    None = 0,
    /// <summary>FS = 1 - ES(forget), RS = ES(retain subset).</summary>
    Es = 1,
    /// <summary>Forget truth ratios and log10 forget quality against θr's.</summary>
    Fq = 2,
    /// <summary>Model utility: probability, ROUGE-L recall and truth ratio on three utility splits.</summary>
    Mu = 4,
    All = Es | Fq | Mu,
}

public static class EvaluationMetricsParser
{
    /// <summary>"es,fq,mu" (any subset, any order) → flags; unknown names are an error listing the known ones.</summary>
    public static EvaluationMetrics Parse(string text)
    {
        var result = EvaluationMetrics.None;
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= name.ToLowerInvariant() switch
            {
                "es" => EvaluationMetrics.Es,
                "fq" => EvaluationMetrics.Fq,
                "mu" => EvaluationMetrics.Mu,
                _ => throw new ArgumentException($"unknown metric group '{name}'; known: es, fq, mu."),
            };
        }
        if (result == EvaluationMetrics.None)
            throw new ArgumentException("no metric group selected; pass a subset of es,fq,mu.");
        return result;
    }
}
