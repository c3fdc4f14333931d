using static TorchSharp.torch;

namespace LocUnlearn.Benchmarks;

/// <summary>The benchmark cases by name; `all` runs each (and `run` only when given an existing run directory,
/// since a fresh quick run takes minutes).</summary>
public static class BenchSuite
{
    public static IReadOnlyList<string> Cases { get; } = ["all", "step", "es", "generate", "memory", "run"];

    public static IReadOnlyList<BenchCaseResult> Run(string name, BenchSettings settings, Action<BenchCaseResult>? onCase = null)
    {
        settings.Validate();
        // memory comes last of the measuring cases: it fixes glibc's mmap threshold for the rest of the process.
        string[] selected = name.ToLowerInvariant() switch
        {
            "all" => settings.RunDirectory is null ? ["step", "es", "generate", "memory"] : ["step", "es", "generate", "memory", "run"],
            var c when Cases.Contains(c) => [c],
            _ => throw new ArgumentException($"unknown bench case '{name}'; known: {string.Join(", ", Cases)}."),
        };
        manual_seed(settings.Seed);
        var results = new List<BenchCaseResult>();
        foreach (var c in selected)
        {
            var result = c switch
            {
                "step" => StepBenchmark.Run(settings),
                "es" => EsBenchmark.Run(settings),
                "generate" => GenerateBenchmark.Run(settings),
                "memory" => MemoryBenchmark.Run(settings),
                _ => RunBenchmark.Run(settings),
            };
            results.Add(result);
            onCase?.Invoke(result);
        }
        return results;
    }
}
