using LocUnlearn.Machine;

namespace LocUnlearn.Tests.Machine;

public class LibtorchVersionTests
{
    private static Func<string, string?> Files(params (string Path, string Text)[] files) =>
        path => files.FirstOrDefault(f => f.Path == path).Text;

    [Fact]
    public void APipPyTorchSaysItsVersionInVersionPy()
    {
        var read = Files(("/venv/site-packages/torch/version.py", "from typing import Optional\n__version__ = '2.11.0+cu130'\ncuda = '13.0'\n"));
        Assert.Equal("2.11.0+cu130 (/venv/site-packages/torch/version.py)",
            LibtorchVersion.Of("/venv/site-packages/torch/lib/libtorch_cpu.so", "/opt/app", "2.10.0.0", read));
    }

    [Fact]
    public void ALibtorchArchiveSaysItInBuildVersion()
    {
        var read = Files(("/opt/libtorch/build-version", "2.10.0+cu128\n"));
        Assert.Equal("2.10.0+cu128 (/opt/libtorch/build-version)", LibtorchVersion.Of("/opt/libtorch/lib/libtorch_cpu.so", "/opt/app", "2.10.0.0", read));
    }

    [Fact]
    public void ADistributionsFileNameAndThisBuildsPackageAreUsedWhenNoFileSays()
    {
        var none = Files();
        Assert.Equal("1.13.0 (file name)", LibtorchVersion.Of("/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0", "/opt/app", "2.10.0.0", none));
        Assert.Equal("2.10.0.0 (the libtorch package of this build)", LibtorchVersion.Of("/opt/app/libtorch_cpu.so", "/opt/app/", "2.10.0.0", none));
        Assert.Null(LibtorchVersion.Of("/elsewhere/libtorch_cpu.so", "/opt/app", "2.10.0.0", none));
    }
}
