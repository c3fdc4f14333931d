using System.Runtime.InteropServices;

namespace LocUnlearn.Bench;

/// <summary>
/// Resident memory of this process from /proc/self/status (Linux). The peak (VmHWM) can be reset by writing 5 to
/// /proc/self/clear_refs, so several measurements fit in one process; malloc_trim first hands freed heap pages back,
/// so a measurement does not ride on memory an earlier one freed but glibc kept.
/// </summary>
public static class ProcessMemory
{
    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/status");

    public static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    public static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Returns free heap memory to the OS and starts a new peak at the current resident size.</summary>
    public static void ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        MallocTrim(0);
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    /// <summary>Peak resident bytes added while <paramref name="work"/> runs, over the resident size before it.</summary>
    public static long PeakAdded(Action work)
    {
        ResetPeak();
        long before = ResidentBytes();
        work();
        return PeakResidentBytes() - before;
    }

    /// <summary>
    /// Fixes glibc's mmap threshold at its initial 128 KiB for the rest of the process, so every block that size or
    /// larger (any tensor of 32k floats) is mapped on allocation and unmapped on free. By default glibc raises the
    /// threshold to the largest block freed so far, after which freed tensors stay in the heap: in `bench memory` the
    /// peak resident size of the same unlearning passes was then about twice their live tensor memory (~58 vs 28 MiB)
    /// and varied by several MiB with what ran before, which hides an O(region) budget of a few MiB.
    /// </summary>
    public static void ReturnFreedBlocksAtOnce()
    {
        const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h
        if (MallOpt(MmapThreshold, 128 * 1024) != 1)
            throw new InvalidOperationException("mallopt(M_MMAP_THRESHOLD) failed.");
    }

    private static long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        throw new InvalidOperationException($"/proc/self/status has no {field} line.");
    }

    // DllImport rather than LibraryImport: the latter's source generator needs unsafe code enabled for the project.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);
}
