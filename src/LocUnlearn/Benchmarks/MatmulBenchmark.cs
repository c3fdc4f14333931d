using static TorchSharp.torch;

namespace LocUnlearn.Benchmarks;

/// <summary>The machine's reference fp32 throughput: an n × n matmul (2n³ FLOPs), what a training step is compared to.</summary>
public static class MatmulBenchmark
{
    public static double GflopPerSecond(int n, int warmup, int repeats, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n, device: device);
        var b = randn(n, n, device: device);
        // Extra repeats: one 2048² matmul takes ~0.1 s, so a few more runs cost little and steady the median.
        double seconds = Timing.MedianRun(() =>
        {
            using var c = a.matmul(b);
            c.sum().item<float>(); // forces completion on asynchronous devices
        }, Math.Max(1, warmup), Math.Max(5, repeats));
        return 2.0 * n * n * n / seconds / 1e9;
    }
}
