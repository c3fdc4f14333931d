using LocUnlearn.Machine;

namespace LocUnlearn.Tests.Machine;

public class LoadedLibrariesTests
{
    private const string Maps = """
        7f0000000000-7f0000001000 r--p 00000000 08:01 1234   /opt/my torch/lib/libtorch_cpu.so
        7f0000001000-7f0000002000 r-xp 00001000 08:01 1234   /opt/my torch/lib/libtorch_cpu.so
        7f0000002000-7f0000003000 r--p 00000000 08:01 1235   /opt/app/libLibTorchSharp.so
        7f0000003000-7f0000004000 r--p 00000000 08:01 1236   /opt/my torch/lib/libc10.so
        7f0000004000-7f0000005000 r--p 00000000 08:01 1237   /opt/my torch/lib/libtorch_cuda.so (deleted)
        7f0000005000-7f0000006000 r--p 00000000 08:01 1238   /usr/lib/x86_64-linux-gnu/libcuda.so.550.54
        7f0000006000-7f0000007000 r--p 00000000 08:01 1239   /site/nvidia/cudnn/lib/libcudnn.so.9
        7f0000007000-7f0000008000 r--p 00000000 08:01 1240   /site/nvidia/nccl/lib/libnccl.so.2
        7f0000008000-7f0000009000 r--p 00000000 08:01 1241   /opt/my torch/lib/libgomp-a34b3233.so.1
        7f0000009000-7f000000a000 r--p 00000000 08:01 1242   /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30
        7f000000a000-7f000000b000 r--p 00000000 08:01 1243   /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so
        7f000000b000-7f000000c000 rw-p 00000000 00:00 0      [heap]
        7f000000c000-7f000000d000 rw-p 00000000 00:00 0
        """;

    [Fact]
    public void SortsTheMappedFilesByRoleOncePerFileAndLeavesTheRestOut()
    {
        var libraries = LoadedLibraries.Parse(Maps);

        Assert.Equal(["/opt/app/libLibTorchSharp.so"], libraries.LibTorchSharp);
        Assert.Equal(["/opt/my torch/lib/libtorch_cpu.so", "/opt/my torch/lib/libc10.so", "/opt/my torch/lib/libtorch_cuda.so"], libraries.Libtorch);
        Assert.Equal(["/usr/lib/x86_64-linux-gnu/libcuda.so.550.54", "/site/nvidia/cudnn/lib/libcudnn.so.9", "/site/nvidia/nccl/lib/libnccl.so.2"],
            libraries.Cuda);
        Assert.Equal(["/opt/my torch/lib/libgomp-a34b3233.so.1"], libraries.OpenMp);
        Assert.Equal(["/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"], libraries.LibStdCxx);
    }

    [Fact]
    public void ThisProcessHasLoadedTheBuildsOwnLibTorchSharpOnceTorchRan()
    {
        TorchSharp.torch.get_num_threads();
        var libraries = LoadedLibraries.ForThisProcess();
        string own = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.Equal([Path.GetFullPath(own)], libraries.LibTorchSharp.Select(Path.GetFullPath));
        Assert.Contains(libraries.Libtorch, p => Path.GetFileName(p) == "libtorch_cpu.so");
    }
}
