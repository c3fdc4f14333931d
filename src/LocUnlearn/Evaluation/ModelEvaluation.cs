namespace LocUnlearn.Evaluation;

/// <summary>
/// One checkpoint's evaluation. <see cref="Point"/> holds NaN for what was not computed (metric group off, or no θr
/// truth ratios for forget quality). <see cref="ForgetTruthRatios"/> are this model's per-item R on forget_perturbed
/// (keep θr's to compute every other checkpoint's forget quality). <see cref="Metrics"/> are OpenUnlearning-style
/// results (aggregate + per-item values) for <see cref="MetricResultsJson"/>.
/// </summary>
public sealed record ModelEvaluation(
    TradeOffPoint Point,
    IReadOnlyList<double>? ForgetTruthRatios,
    IReadOnlyDictionary<string, MetricResult> Metrics,
    double WallSeconds);
