using System.Globalization;

namespace LocUnlearn.Study.Memory;

/// <summary>Memory a process may still take under one cgroup limit, and the files the number comes from.</summary>
public sealed record CgroupHeadroom(long Bytes, string Source);

/// <summary>
/// Memory left under the cgroup limits of this process: Slurm's <c>--mem</c> (task/cgroup), a container's or a systemd
/// unit's limit, none of which /proc/meminfo's MemAvailable shows. Reads cgroup v2 (memory.max, memory.current) and v1
/// (memory.limit_in_bytes, memory.usage_in_bytes), for the process's own group and each group above it (a limit
/// applies to everything below it), and counts the group's inactive file cache as free, as the kernel reclaims it
/// before it kills anything (the working set of `docker stats` and the kubelet). The tightest group wins.
/// </summary>
public static class CgroupMemory
{
    public const string Root = "/sys/fs/cgroup";

    /// <summary>v1 writes "no limit" as the largest page-aligned long; anything this large is no limit.</summary>
    private const long Unlimited = 1L << 62;

    /// <summary>The tightest headroom for this process, or null when no cgroup limits its memory.</summary>
    public static CgroupHeadroom? ForThisProcess() =>
        File.Exists("/proc/self/cgroup") ? Find(File.ReadAllText("/proc/self/cgroup"), ReadOrNull) : null;

    /// <param name="procSelfCgroup">the text of /proc/self/cgroup</param>
    /// <param name="read">a file's text by absolute path, or null when it does not exist</param>
    public static CgroupHeadroom? Find(string procSelfCgroup, Func<string, string?> read)
    {
        CgroupHeadroom? tightest = null;
        foreach (string line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length != 3)
                continue;
            bool v2 = parts[0] == "0" && parts[1].Length == 0;
            if (!v2 && !parts[1].Split(',').Contains("memory"))
                continue;
            string mount = !v2 ? $"{Root}/memory" : read($"{Root}/cgroup.controllers") is not null ? Root : $"{Root}/unified";
            var (limitFile, usageFile, inactiveKey) = v2
                ? ("memory.max", "memory.current", "inactive_file")
                : ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file");
            foreach (string dir in GroupAndAncestors(mount, parts[2]))
            {
                if (Bytes(read($"{dir}/{limitFile}")) is not { } limit || limit >= Unlimited || Bytes(read($"{dir}/{usageFile}")) is not { } usage)
                    continue;
                long inactive = StatValue(read($"{dir}/memory.stat"), inactiveKey) ?? 0;
                long workingSet = Math.Max(0, usage - inactive);
                var headroom = new CgroupHeadroom(Math.Max(0, limit - workingSet), $"{dir}/{limitFile} − working set");
                if (tightest is null || headroom.Bytes < tightest.Bytes)
                    tightest = headroom;
            }
        }
        return tightest;
    }

    /// <summary>mount/a/b, mount/a, mount for the group path /a/b (a container may see only its own root).</summary>
    private static IEnumerable<string> GroupAndAncestors(string mount, string groupPath)
    {
        string path = groupPath.TrimEnd('/');
        while (path.Length > 0)
        {
            yield return mount + path;
            path = path[..path.LastIndexOf('/')];
        }
        yield return mount;
    }

    /// <summary>A byte count file ("max" in v2 means no limit: null).</summary>
    private static long? Bytes(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static long? StatValue(string? stat, string key)
    {
        foreach (string line in (stat ?? "").Split('\n'))
        {
            string[] kv = line.Split(' ', 2);
            if (kv.Length == 2 && kv[0] == key)
                return Bytes(kv[1]);
        }
        return null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
