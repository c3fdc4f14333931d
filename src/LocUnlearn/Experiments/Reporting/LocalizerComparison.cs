namespace LocUnlearn.Experiments.Reporting;

/// <summary>
/// Our per-seed AUES and MU95 for unlearning within one region (random or a localizer's), and, in the
/// controlled setting, the fraction of V_tgt the localizer recovered (SPEC 7; null for Random or when unknown).
/// </summary>
public sealed record LocalizerComparison(
    string Region,
    IReadOnlyList<double> Aues,
    IReadOnlyList<double> Mu95,
    IReadOnlyList<double>? RecallOfTarget = null);
