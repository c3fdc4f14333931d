using LocUnlearn.Machine;

namespace LocUnlearn.Tests.Machine;

public class GpuQueryTests
{
    [Fact]
    public void ReadsNvidiaSmiCsvInMiB()
    {
        var gpus = GpuQuery.Parse("0, NVIDIA H200, 143771, 142990\n1, NVIDIA H200, 143771, 1024\n\n");

        Assert.Equal(2, gpus.Count);
        Assert.Equal(new GpuDescription(0, "NVIDIA H200", 143771L << 20, 142990L << 20), gpus[0]);
        Assert.Equal(1024L << 20, gpus[1].MemoryFree);
    }

    [Fact]
    public void IgnoresLinesThatAreNotGpus()
    {
        Assert.Empty(GpuQuery.Parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"));
        Assert.Equal(-1, GpuQuery.Parse("0, NVIDIA H200, [N/A], [N/A]")[0].MemoryTotal);
    }
}
