using System.Text.Json.Nodes;

namespace LocUnlearn.Machine;

/// <summary>`locunlearn doctor --json`: the report as one JSON object (bytes as integers; null where unknown).</summary>
public static class DoctorJson
{
    public static JsonObject Of(DoctorReport r) => new()
    {
        ["ok"] = r.Ok,
        ["problems"] = Strings(r.Problems),
        ["notes"] = Strings(r.Notes),
        ["tool"] = new JsonObject
        {
            ["version"] = r.Tool.Version, ["git_commit"] = r.Tool.GitCommit, ["torch_backend"] = r.Tool.TorchBackend,
            ["dotnet"] = r.Tool.DotNet, ["runtime_identifier"] = r.Tool.RuntimeIdentifier, ["os"] = r.Tool.Os, ["host"] = r.Tool.Host,
            ["torchsharp"] = r.Tool.TorchSharp, ["torchsharp_folder"] = r.Tool.TorchSharpFolder,
        },
        ["native_backend"] = Backend(r),
        ["cuda"] = r.Cuda is { } c ? Cuda(c) : null,
        ["threads"] = r.Threads is { } t ? new JsonObject
        {
            ["cpu_cores"] = t.CpuCores, ["torch_intra_op"] = t.TorchIntraOp, ["torch_inter_op"] = t.TorchInterOp, ["omp_num_threads"] = t.OmpNumThreads,
        } : null,
        ["memory"] = new JsonObject
        {
            ["available_bytes"] = r.Resources.MemoryAvailable, ["source"] = r.Resources.MemorySource, ["total_bytes"] = r.Resources.MemoryTotal,
        },
        ["disk"] = new JsonObject { ["folder"] = r.Resources.Folder, ["free_bytes"] = r.Resources.DiskFree, ["total_bytes"] = r.Resources.DiskTotal },
        ["environment"] = new JsonObject(r.Environment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
    };

    private static JsonObject Backend(DoctorReport r)
    {
        if (r.Backend.Failure is { } f)
            return new JsonObject
            {
                ["loaded"] = false, ["problem"] = f.Problem.ToString(), ["summary"] = f.Summary, ["missing"] = f.Missing,
                ["searched"] = Strings(f.Searched), ["loader_messages"] = Strings(f.LoaderLines), ["fixes"] = Strings(f.Fixes),
            };
        var n = r.Native!;
        return new JsonObject
        {
            ["loaded"] = true,
            ["libtorchsharp"] = Strings(n.Libraries.LibTorchSharp),
            ["libtorch"] = Strings(n.Libraries.Libtorch),
            ["libtorch_version"] = n.LibtorchVersion,
            ["torchsharp_built_for_libtorch"] = n.BuiltForLibtorch,
            ["cuda_libraries"] = Strings(n.Libraries.Cuda),
            ["openmp"] = Strings(n.Libraries.OpenMp),
            ["libstdcxx"] = Strings(n.Libraries.LibStdCxx),
            ["cpu_check"] = n.CpuCheck,
        };
    }

    private static JsonObject Cuda(CudaFacts c) => new()
    {
        ["available"] = c.Available,
        ["device_count"] = c.DeviceCount,
        ["cudnn_available"] = c.CudnnAvailable,
        ["device_check"] = c.DeviceCheck,
        ["torchsharp_device_names_and_memory"] = DoctorText.NoDeviceQuery,
        ["nvidia_smi"] = c.Gpus is null ? null : new JsonArray(c.Gpus.Select(g => (JsonNode)new JsonObject
        {
            ["index"] = g.Index, ["name"] = g.Name, ["memory_total_bytes"] = g.MemoryTotal, ["memory_free_bytes"] = g.MemoryFree,
        }).ToArray()),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
