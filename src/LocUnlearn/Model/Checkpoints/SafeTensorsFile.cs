using System.Text;
using System.Text.Json.Nodes;
using LocUnlearn.Common;
using static TorchSharp.torch;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// Reader and writer of the safetensors format: an 8-byte little-endian header length, a JSON header
/// {name: {dtype, shape, data_offsets}}, then raw little-endian tensor bytes. No code runs on load (unlike pickle).
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private readonly FileStream stream;
    private readonly long dataStart;

    private SafeTensorsFile(string path, FileStream stream, long dataStart, IReadOnlyDictionary<string, SafeTensorEntry> entries)
    {
        Path = path;
        this.stream = stream;
        this.dataStart = dataStart;
        Entries = entries;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, SafeTensorEntry> Entries { get; }

    /// <summary>Opens a file and checks its header against the format and the file's length (<see cref="SafeTensorsHeader"/>).</summary>
    public static SafeTensorsFile Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            var (entries, dataStart) = SafeTensorsHeader.Read(path, stream);
            return new SafeTensorsFile(path, stream, dataStart, entries);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads one tensor (CPU) in the file's dtype.</summary>
    public Tensor Read(string name)
    {
        var e = Entries[name];
        var t = empty(e.Shape, dtype: ToScalarType(e.DType, Path));
        stream.Position = dataStart + e.Begin;
        if (t.numel() == 0)
            return t;
        // Spans are int-sized: fill big tensors (e.g. a 2 GB fp32 embedding) in row blocks.
        foreach (var block in TensorBytes.Blocks(t.dim() == 0 ? t.view(1) : t))
            using (block)
                stream.ReadExactly(block.bytes);
        return t;
    }

    /// <summary>Writes tensors (any device/dtype; stored as they are) to a safetensors file.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        var meta = new JsonObject { ["format"] = "pt" };
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            meta[k] = v;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            long bytes = checked(t.numel() * t.ElementSize);
            header[name] = new JsonObject
            {
                ["dtype"] = ToSafeTensorsDType(t.dtype),
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset = checked(offset + bytes);
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - headerBytes.Length % 8) % 8; // keeps tensor data 8-byte aligned, as the reference writer
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((long)(headerBytes.Length + padding)));
        file.Write(headerBytes);
        for (int i = 0; i < padding; i++) file.WriteByte((byte)' ');
        foreach (var (_, t) in tensors)
            TensorBytes.ForEachBlock(t, bytes => file.Write(bytes));
    }

    public static ScalarType ToScalarType(string dtype, string path) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new ModelFormatException($"{path}: unsupported safetensors dtype '{dtype}'."),
    };

    public static string ToSafeTensorsDType(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"dtype {t} cannot be stored in safetensors"),
    };

    /// <summary>Bytes per element of a safetensors dtype, or null for one we do not read.</summary>
    internal static long? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };

    /// <summary>Whether a dtype holds floating-point values (the only kind a model's weights are).</summary>
    internal static bool IsFloatingPoint(string dtype) => dtype is "F64" or "F32" or "F16" or "BF16";

    public void Dispose() => stream.Dispose();
}
