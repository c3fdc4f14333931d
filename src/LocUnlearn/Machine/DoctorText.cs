using LocUnlearn.Study.Memory;

namespace LocUnlearn.Machine;

/// <summary>`locunlearn doctor`'s plain text: one fact per line, the problems and their fixes last.</summary>
public static class DoctorText
{
    public const string NoDeviceQuery = "not available in TorchSharp 0.107";

    public static IEnumerable<string> Lines(DoctorReport r)
    {
        var t = r.Tool;
        yield return $"tool           locunlearn {t.Version} (git {t.GitCommit}), built with TorchBackend={t.TorchBackend}";
        yield return $".NET           {t.DotNet}, {t.RuntimeIdentifier}, {t.Os}; host {t.Host ?? "unknown"}";
        yield return $"TorchSharp     {t.TorchSharp} in {t.TorchSharpFolder}";
        foreach (string line in r.Native is { } n ? Native(n) : ["native backend NOT LOADED"])
            yield return line;
        foreach (string line in r.Cuda is { } c ? Cuda(c) : [])
            yield return line;
        if (r.Threads is { } th)
            yield return $"threads        {th.CpuCores} CPU cores; torch intra-op {th.TorchIntraOp}, inter-op {th.TorchInterOp}; " +
                         $"OMP_NUM_THREADS {th.OmpNumThreads ?? "unset"}";
        var res = r.Resources;
        yield return $"memory         {Bytes(res.MemoryAvailable)} available ({res.MemorySource}) of {Bytes(res.MemoryTotal)}";
        yield return $"disk           {Bytes(res.DiskFree)} free of {Bytes(res.DiskTotal)} in {res.Folder}";
        foreach (var kv in r.Environment.Where(kv => kv.Value is not null))
            yield return $"env            {kv.Key}={kv.Value}";
        foreach (string note in r.Notes)
            yield return $"note: {note}";
        yield return r.Ok ? "doctor: ok" : $"doctor: {r.Problems.Count} problem(s), see below";
    }

    /// <summary>What failed and how to fix it, for stderr.</summary>
    public static IEnumerable<string> ProblemLines(DoctorReport r)
    {
        foreach (string problem in r.Problems)
            yield return $"error: {problem}";
        if (r.Backend.Failure is not { } f)
            yield break;
        foreach (string line in f.LoaderLines)
            yield return $"  loader: {line}";
        yield return $"  looked in: {string.Join("; ", f.Searched)}";
        foreach (string fix in f.Fixes)
            yield return $"  fix: {fix}";
    }

    private static IEnumerable<string> Native(NativeFacts n)
    {
        yield return $"LibTorchSharp  {Files(n.Libraries.LibTorchSharp)}";
        yield return $"libtorch       {Files(n.Libraries.Libtorch)}";
        yield return $"               version {n.LibtorchVersion ?? "unknown"}; TorchSharp was built for {n.BuiltForLibtorch}";
        yield return $"CUDA libraries {Files(n.Libraries.Cuda)}";
        yield return $"OpenMP         {Files(n.Libraries.OpenMp)}";
        yield return $"libstdc++      {Files(n.Libraries.LibStdCxx)}";
        yield return $"CPU check      {n.CpuCheck} (64x64 matmul)";
    }

    private static IEnumerable<string> Cuda(CudaFacts c)
    {
        yield return $"CUDA           {(c.Available ? "available" : "not available")}; {c.DeviceCount} device(s); cuDNN {(c.CudnnAvailable ? "yes" : "no")}" +
                     (c.DeviceCheck is { } check ? $"; cuda:0 check {check}" : "");
        yield return $"GPU names and memory: {NoDeviceQuery}" + (c.Gpus is null ? " (and no nvidia-smi)" : "; from nvidia-smi:");
        foreach (var g in c.Gpus ?? [])
            yield return $"  GPU {g.Index}: {g.Name}, {Bytes(g.MemoryFree)} free of {Bytes(g.MemoryTotal)}";
    }

    private static string Files(IReadOnlyList<string> files) => files.Count == 0 ? "none loaded" : string.Join(", ", files);

    private static string Bytes(long? bytes) => bytes is { } b and >= 0 ? MemoryEstimate.Format(b) : "unknown";
}
