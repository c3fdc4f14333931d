namespace LocUnlearn.Data;

/// <summary>
/// A seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64). Used instead of System.Random because the
/// data files and orders must stay byte-identical for a seed across .NET versions, and System.Random's algorithm is
/// not a documented contract.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n) without modulo bias (rejection sampling).</summary>
    public long NextLong(long n)
    {
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        ulong bound = (ulong)n;
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);
        return (long)(x % bound);
    }

    public int NextInt(int n) => (int)NextLong(n);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>k distinct integers from [0, n), uniformly (partial Fisher–Yates over a sparse map), in draw order.</summary>
    public long[] SampleWithoutReplacement(long n, long k)
    {
        if (k < 0 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"cannot draw {k} of {n}");
        var swapped = new Dictionary<long, long>();
        var result = new long[k];
        for (long i = 0; i < k; i++)
        {
            long j = i + NextLong(n - i);
            long atI = swapped.TryGetValue(i, out var a) ? a : i;
            result[i] = swapped.TryGetValue(j, out var b) ? b : j;
            swapped[j] = atI;
        }
        return result;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>A generator for a named sub-stream, so adding draws to one stream does not shift another.</summary>
    public static SplitMix64 ForStream(long seed, string stream)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in stream)
            h = (h ^ c) * 0x100000001B3UL;
        return new SplitMix64((ulong)seed ^ h);
    }
}
