namespace LocUnlearn.Jobs;

/// <summary>
/// libtorch threads of a worker when the config leaves `threads` at 0 (libtorch's default: one per core). N workers
/// each using every core oversubscribe the machine, and libtorch's OpenMP threads then spin-wait for each other (seen
/// here: 10-30× slower steps on 2 cores with a second busy process). So the local executor gives each worker its
/// share of the cores through LOCUNLEARN_THREADS. An explicit `threads` in the config always wins; results are
/// bit-identical to a one-process run only with the same thread count (set `threads` to compare).
/// </summary>
public static class WorkerThreads
{
    public const string Variable = "LOCUNLEARN_THREADS";

    public static int Share(int cores, int workers) => Math.Max(1, cores / Math.Max(1, workers));

    /// <summary>The thread count the executor gave this worker, or 0 for libtorch's default.</summary>
    public static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int n) && n > 0 ? n : 0;
}
