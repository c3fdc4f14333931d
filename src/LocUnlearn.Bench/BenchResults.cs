namespace LocUnlearn.Bench;

/// <summary>One measured number of a benchmark case, e.g. ("tokens_per_s", 4300, "tokens/s").</summary>
public sealed record BenchMetric(string Name, double Value, string Unit);

/// <summary>A stated performance target and whether this measurement meets it.</summary>
/// <param name="Requirement">The target in words, e.g. "≥ 0.55 of matmul GFLOP/s".</param>
/// <param name="Measured">The number compared against the target (same unit as the requirement).</param>
public sealed record BenchTarget(string Name, string Requirement, double Measured, bool Pass);

/// <summary>What one case (`step`, `es`, ...) measured: its numbers, its targets, and notes on how (inputs, formulas).</summary>
public sealed record BenchCaseResult(string Case, IReadOnlyList<BenchMetric> Metrics, IReadOnlyList<BenchTarget> Targets,
    IReadOnlyList<string> Notes)
{
    public double Metric(string name) => Metrics.First(m => m.Name == name).Value;
}
