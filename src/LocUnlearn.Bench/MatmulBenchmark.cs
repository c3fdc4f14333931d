using System.Diagnostics;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// The machine's reference fp32 throughput: an n × n matmul (2n³ FLOPs). <see cref="Seconds"/> times one product, so a
/// benchmark can interleave it with its own repetitions and compare each repetition with a matmul run moments apart:
/// on a shared machine whose load drifts, those paired ratios are far steadier than two separately measured medians.
/// </summary>
public sealed class MatmulBenchmark : IDisposable
{
    private readonly Tensor a, b;

    public MatmulBenchmark(int n, Device? device = null)
    {
        N = n;
        a = randn(n, n, device: device).DetachFromDisposeScope();
        b = randn(n, n, device: device).DetachFromDisposeScope();
    }

    public int N { get; }
    public double Flops => 2.0 * N * N * N;

    public double Seconds()
    {
        long start = Stopwatch.GetTimestamp();
        using (var c = a.matmul(b))
        using (var s = c.sum())
            s.item<float>(); // forces completion on asynchronous devices
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
