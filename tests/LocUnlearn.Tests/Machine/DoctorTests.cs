using LocUnlearn.Machine;

namespace LocUnlearn.Tests.Machine;

public class DoctorTests
{
    private static readonly LoadedLibraries CpuOnly = new([], ["/opt/t/libtorch_cpu.so"], [], [], []);
    private static readonly LoadedLibraries WithCuda = new([], ["/opt/t/libtorch_cpu.so", "/opt/t/libtorch_cuda.so"], [], [], []);
    private static readonly CudaFacts NoCuda = new(false, 0, false, null, null);
    private static readonly CudaFacts TwoGpus = new(true, 2, true, null, "ok");

    [Fact]
    public void TheCpuIsAlwaysThere()
    {
        Assert.Null(Doctor.DeviceProblem("cpu", NoCuda, CpuOnly));
        Assert.Null(Doctor.DeviceProblem("cuda:1", TwoGpus, WithCuda));
    }

    [Fact]
    public void CudaWithoutACudaLibtorchNamesTheBuildSwitches()
    {
        string problem = Doctor.DeviceProblem("cuda", NoCuda, CpuOnly)!;
        Assert.Contains("no libtorch_cuda.so loaded", problem);
        Assert.Contains("-p:TorchBackend=cuda", problem);
        Assert.Contains("-p:TorchBackend=external", problem);
    }

    [Fact]
    public void CudaWithACudaLibtorchButNoGpuPointsAtTheDriver()
    {
        Assert.Contains("check the driver", Doctor.DeviceProblem("cuda", NoCuda, WithCuda));
        Assert.Contains("sees 2 device(s)", Doctor.DeviceProblem("cuda:2", TwoGpus, WithCuda));
        Assert.Contains("failed: boom", Doctor.DeviceProblem("cuda", TwoGpus with { DeviceCheck = "boom" }, WithCuda));
        Assert.Contains("unknown device 'tpu'", Doctor.DeviceProblem("tpu", TwoGpus, WithCuda));
    }

    [Fact]
    public void MemTotalIsReadInBytes()
    {
        Assert.Equal(24_641_548L * 1024, Doctor.MemTotal("MemTotal:       24641548 kB\nMemFree:         1 kB\n"));
        Assert.Null(Doctor.MemTotal("MemFree: 1 kB\n"));
    }
}
