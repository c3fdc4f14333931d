using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Tests.Study;

public sealed class CgroupMemoryTests
{
    private const long MiB = 1 << 20;

    private static Func<string, string?> Files(Dictionary<string, string> files) => path => files.GetValueOrDefault(path);

    [Fact]
    public void CgroupV2LimitMinusTheWorkingSet()
    {
        var files = new Dictionary<string, string>
        {
            ["/sys/fs/cgroup/cgroup.controllers"] = "cpu memory pids\n",
            // A Slurm job step: --mem=4G, 1 GiB charged of which 256 MiB is inactive page cache.
            ["/sys/fs/cgroup/system.slice/slurmstepd.scope/job_42/memory.max"] = $"{4096 * MiB}\n",
            ["/sys/fs/cgroup/system.slice/slurmstepd.scope/job_42/memory.current"] = $"{1024 * MiB}\n",
            ["/sys/fs/cgroup/system.slice/slurmstepd.scope/job_42/memory.stat"] = $"anon 100\nfile 300\ninactive_file {256 * MiB}\nactive_file 5\n",
            ["/sys/fs/cgroup/system.slice/memory.max"] = "max\n",
            ["/sys/fs/cgroup/system.slice/memory.current"] = $"{50_000 * MiB}\n",
        };

        var headroom = CgroupMemory.Find("0::/system.slice/slurmstepd.scope/job_42\n", Files(files))!;

        Assert.Equal((4096 - 1024 + 256) * MiB, headroom.Bytes);
        Assert.Contains("job_42/memory.max", headroom.Source);
    }

    [Fact]
    public void TheTightestGroupOnThePathWins()
    {
        var files = new Dictionary<string, string>
        {
            ["/sys/fs/cgroup/cgroup.controllers"] = "memory\n",
            ["/sys/fs/cgroup/a/b/memory.max"] = $"{8000 * MiB}",
            ["/sys/fs/cgroup/a/b/memory.current"] = $"{1000 * MiB}",
            ["/sys/fs/cgroup/a/memory.max"] = $"{3000 * MiB}", // the parent's limit binds its children too
            ["/sys/fs/cgroup/a/memory.current"] = $"{2000 * MiB}",
        };

        var headroom = CgroupMemory.Find("0::/a/b", Files(files))!;

        Assert.Equal(1000 * MiB, headroom.Bytes);
        Assert.Equal("/sys/fs/cgroup/a/memory.max − working set", headroom.Source);
    }

    [Fact]
    public void CgroupV1MemoryControllerIncludingAContainerThatSeesOnlyItsRoot()
    {
        const string procSelfCgroup = "9:name=systemd:/\n4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n0::/\n";
        var files = new Dictionary<string, string>
        {
            // The group's own folder is not mounted in the container: its limit shows at the mount's root.
            ["/sys/fs/cgroup/memory/memory.limit_in_bytes"] = $"{2048 * MiB}\n",
            ["/sys/fs/cgroup/memory/memory.usage_in_bytes"] = $"{600 * MiB}\n",
            ["/sys/fs/cgroup/memory/memory.stat"] = $"cache 1\ninactive_file 7\ntotal_inactive_file {100 * MiB}\n",
        };

        Assert.Equal((2048 - 600 + 100) * MiB, CgroupMemory.Find(procSelfCgroup, Files(files))!.Bytes);
    }

    [Fact]
    public void NoLimitMeansNoHeadroom()
    {
        // What this machine had: cgroup v1 with the "unlimited" page-aligned maximum, and v2 "max".
        var v1 = new Dictionary<string, string>
        {
            ["/sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes"] = "9223372036854771712\n",
            ["/sys/fs/cgroup/memory/process_api/x/memory.usage_in_bytes"] = "4576894976\n",
        };
        Assert.Null(CgroupMemory.Find("4:memory:/process_api/x\n0::/\n", Files(v1)));
        var v2 = new Dictionary<string, string>
        {
            ["/sys/fs/cgroup/cgroup.controllers"] = "memory\n",
            ["/sys/fs/cgroup/user.slice/memory.max"] = "max\n",
            ["/sys/fs/cgroup/user.slice/memory.current"] = "123\n",
        };
        Assert.Null(CgroupMemory.Find("0::/user.slice\n", Files(v2)));
        Assert.Null(CgroupMemory.Find("", Files(v2)));
    }

    [Fact]
    public void UsageBelowTheInactiveCacheOrAboveTheLimitStaysInRange()
    {
        var files = new Dictionary<string, string>
        {
            ["/sys/fs/cgroup/unified/j/memory.max"] = "1000",
            ["/sys/fs/cgroup/unified/j/memory.current"] = "1500", // hybrid layout: v2 under unified/
        };
        Assert.Equal(0, CgroupMemory.Find("0::/j", Files(files))!.Bytes);
    }
}
