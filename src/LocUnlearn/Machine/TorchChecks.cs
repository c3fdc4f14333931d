using TorchSharp;

namespace LocUnlearn.Machine;

/// <summary>Small computations that prove the loaded backend computes, on the CPU and on the first CUDA device.</summary>
public static class TorchChecks
{
    /// <summary>ones(64,64)·ones(64,64) sums to 64³ exactly (integers in float32).</summary>
    private const float Expected = 64f * 64f * 64f;

    public static string Cpu() => Check(torch.CPU);

    /// <summary>TorchSharp's CUDA facts, and a matmul on cuda:0 when CUDA is available.</summary>
    public static CudaFacts Cuda()
    {
        bool available = torch.cuda.is_available();
        int count = available ? torch.cuda.device_count() : 0;
        bool cudnn = available && torch.cuda.is_cudnn_available();
        return new CudaFacts(available, count, cudnn, GpuQuery.NvidiaSmi(), available ? Check(torch.device("cuda:0")) : null);
    }

    private static string Check(torch.Device device)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            var ones = torch.ones(64, 64, device: device);
            float sum = ones.mm(ones).sum().cpu().item<float>();
            return sum == Expected ? "ok" : $"sum {sum}, expected {Expected}";
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or ArgumentException)
        {
            return e.Message.Split('\n')[0];
        }
    }
}
