namespace LocUnlearn.Common;

/// <summary>
/// SplitMix64: a small, fully specified generator, so a seed gives the same regions, data orders and pairings on
/// every .NET version (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    public SeededRandom(long seed) : this(unchecked((ulong)seed)) { }

    /// <summary>A generator for a named sub-stream, independent of the draw order of others.</summary>
    public static SeededRandom For(long seed, string stream)
    {
        ulong h = 1469598103934665603UL; // FNV-1a over the stream name
        foreach (char ch in stream) h = (h ^ ch) * 1099511628211UL;
        return new SeededRandom(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ h);
    }

    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n) without modulo bias.</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong un = (ulong)n, limit = ulong.MaxValue - ulong.MaxValue % un;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (long)(r % un);
    }

    public int NextInt(int n) => (int)NextLong(n);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public void Shuffle<T>(IList<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>k distinct integers from [0, n), uniformly (partial Fisher–Yates), in draw order.</summary>
    public long[] SampleWithoutReplacement(long n, long k)
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"cannot draw {k} of {n}");
        var swapped = new Dictionary<long, long>();
        var result = new long[k];
        for (long i = 0; i < k; i++)
        {
            long j = i + NextLong(n - i);
            long vi = swapped.TryGetValue(i, out var a) ? a : i;
            long vj = swapped.TryGetValue(j, out var b) ? b : j;
            result[i] = vj;
            swapped[j] = vi;
        }
        return result;
    }
}
