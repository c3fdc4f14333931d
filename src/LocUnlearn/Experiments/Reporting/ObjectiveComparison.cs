namespace LocUnlearn.Experiments.Reporting;

/// <summary>
/// Our per-seed results for one objective, Random vs Oracle, with the p-values of the paired test named by
/// <see cref="TestName"/> (SPEC 10). Lists are indexed by seed, so element i of Random and Oracle is a pair.
/// </summary>
public sealed record ObjectiveComparison(
    string Objective,
    IReadOnlyList<double> AuesRandom,
    IReadOnlyList<double> AuesOracle,
    double AuesP,
    IReadOnlyList<double> Mu95Random,
    IReadOnlyList<double> Mu95Oracle,
    double Mu95P,
    string TestName);
