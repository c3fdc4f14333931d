using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>The benchmark cases by name; `all` runs each (and `run` only when given an existing run directory,
/// since a fresh quick run takes minutes).</summary>
public static class BenchSuite
{
    public static IReadOnlyList<string> Cases { get; } = ["all", "step", "es", "generate", "memory", "memory-full", "run", .. BenchSettings.DeviceCases];

    /// <param name="separateProcess">
    /// When given, `all` measures memory through it: the same case in a fresh process. Peak resident memory depends on
    /// what the heap went through before: after step, es and generate in the same process, the masked runs' extra
    /// over their own activations measured 2.6-9.8 MiB where a fresh process measures 1.5-2.8 MiB (2026-11-29).
    /// </param>
    public static IReadOnlyList<BenchCaseResult> Run(string name, BenchSettings settings, Action<BenchCaseResult>? onCase = null,
        Func<string, BenchCaseResult>? separateProcess = null)
    {
        settings.Validate();
        bool all = name.Equals("all", StringComparison.OrdinalIgnoreCase);
        // The memory cases come last of the measuring cases: they fix glibc's mmap threshold for the rest of the process.
        string[] selected = name.ToLowerInvariant() switch
        {
            "all" => settings.RunDirectory is null
                ? ["step", "es", "generate", "memory", "memory-full"]
                : ["step", "es", "generate", "memory", "memory-full", "run"],
            var c when Cases.Contains(c) => [c],
            _ => throw new ArgumentException($"unknown bench case '{name}'; known: {string.Join(", ", Cases)}."),
        };
        if (settings.ModelDirectory is not null && !selected.Contains("es"))
            throw new ArgumentException($"bench {name}: --model and --data apply to the es case only.");
        if (settings.Device != "cpu" && selected.Any(c => !BenchSettings.DeviceCases.Contains(c)))
            throw new ArgumentException(
                $"bench {name}: --device applies to {string.Join(", ", BenchSettings.DeviceCases)} only; the other cases measure the CPU.");
        manual_seed(settings.Seed);
        var results = new List<BenchCaseResult>();
        foreach (var c in selected)
        {
            var result = c switch
            {
                "step" => StepBenchmark.Run(settings),
                "es" when settings.ModelDirectory is not null => EvaluationSetEsBenchmark.Run(settings),
                "es" => EsBenchmark.Run(settings),
                "generate" => GenerateBenchmark.Run(settings),
                "memory" or "memory-full" when all && separateProcess is not null => separateProcess(c),
                "memory" => MemoryBenchmark.Run(settings),
                "memory-full" => FullStepMemoryBenchmark.Run(settings),
                "parity" => ParityBenchmark.Run(settings),
                "masked-step" => MaskedStepBenchmark.Run(settings),
                "throughput" => ThroughputBenchmark.Run(settings),
                "phase-memory" => PhaseMemoryBenchmark.Run(settings),
                _ => RunBenchmark.Run(settings),
            };
            results.Add(result);
            onCase?.Invoke(result);
        }
        return results;
    }
}
