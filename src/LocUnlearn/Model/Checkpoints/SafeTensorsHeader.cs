using System.Text.Json.Nodes;
using LocUnlearn.Common;

namespace LocUnlearn.Model.Checkpoints;

/// <summary>
/// Reads a safetensors header and holds it to the format (huggingface/safetensors, "Format"): the header length fits
/// the file, each tensor's byte range is exactly shape × dtype size, and the ranges cover the data section exactly, in
/// order, without overlap or gap. A header that breaks any of these describes other bytes than it claims; reading it
/// anyway gives silently wrong weights.
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The reference reader's limit (MAX_HEADER_SIZE): a longer header is not a checkpoint's.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private const string Fix = "Save or download the checkpoint again (save_pretrained(..., safe_serialization=True)).";

    /// <summary>The entries of the file's header and where its data section starts.</summary>
    public static (Dictionary<string, SafeTensorEntry> Entries, long DataStart) Read(string path, Stream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Fail(path, $"{fileLength} bytes are too few for a safetensors file (8-byte header length, header, data). {Fix}");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BitConverter.ToUInt64(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw Fail(path, $"header length {headerLength} is not between 2 and {MaxHeaderBytes:N0} bytes; this is not a safetensors file. {Fix}");
        long dataStart = checked(8 + (long)headerLength);
        if (dataStart > fileLength)
            throw Fail(path, $"the header is {headerLength} bytes long but the file has only {fileLength}: it is truncated. {Fix}");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var obj = StrictJson.ParseNode(header, $"{path} (safetensors header)", m => new ModelFormatException(m)) as JsonObject
                  ?? throw Fail(path, $"the header is not a JSON object. {Fix}");
        long dataLength = fileLength - dataStart;
        var entries = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
        foreach (var (name, node) in obj)
            if (name != "__metadata__")
                entries[name] = Entry(path, name, node, dataLength);
        CheckCoverage(path, entries.Values, dataLength);
        return (entries, dataStart);
    }

    private static SafeTensorEntry Entry(string path, string name, JsonNode? node, long dataLength)
    {
        if (node is not JsonObject e || e["dtype"] is not JsonValue d || !d.TryGetValue(out string? dtype)
            || e["shape"] is not JsonArray shapeNode || e["data_offsets"] is not JsonArray offsets || offsets.Count != 2)
            throw Fail(path, $"tensor '{name}' needs \"dtype\" (a string), \"shape\" (an array) and \"data_offsets\" ([begin, end]). {Fix}");
        long[] shape = shapeNode.Select(s => Index(path, name, "shape", s)).ToArray();
        long begin = Index(path, name, "data_offsets", offsets[0]), end = Index(path, name, "data_offsets", offsets[1]);
        var entry = new SafeTensorEntry(name, dtype, shape, begin, end);
        long bytes = ByteLength(path, entry);
        if (end < begin)
            throw Fail(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin. {Fix}");
        if (end - begin != bytes)
            throw Fail(path,
                $"tensor '{name}' is {dtype} of shape [{string.Join(", ", shape)}], which takes {bytes} bytes, but its data_offsets " +
                $"[{begin}, {end}] hold {end - begin}: the header's dtype or shape does not describe the data. {Fix}");
        if (end > dataLength)
            throw Fail(path,
                $"tensor '{name}' has data_offsets [{begin}, {end}] beyond the data section ({dataLength} bytes): the file is truncated. {Fix}");
        return entry;
    }

    /// <summary>Bytes of a tensor, overflow checked (a crafted shape can make the product wrap to a small number).</summary>
    private static long ByteLength(string path, SafeTensorEntry e)
    {
        long size = SafeTensorsFile.ElementSize(e.DType)
                    ?? throw Fail(path, $"tensor '{e.Name}' has dtype '{e.DType}', which LocUnlearn does not read (F32, F16, BF16, F64, I64, I32, " +
                                        "I16, I8, U8, BOOL); convert the checkpoint to bf16, fp16 or fp32.");
        try
        {
            return checked(e.Shape.Aggregate(size, (product, dim) => product * dim));
        }
        catch (OverflowException)
        {
            throw Fail(path, $"tensor '{e.Name}' has shape [{string.Join(", ", e.Shape)}], whose size in bytes overflows 64 bits. {Fix}");
        }
    }

    private static long Index(string path, string name, string field, JsonNode? n) =>
        n is JsonValue v && v.TryGetValue(out long i) && i >= 0
            ? i
            : throw Fail(path, $"tensor '{name}' has {n?.ToJsonString() ?? "null"} in \"{field}\", where whole numbers from 0 to 2^63-1 belong. {Fix}");

    /// <summary>Sorted by offset, each range starts where the previous ended, and the last ends with the file.</summary>
    private static void CheckCoverage(string path, IEnumerable<SafeTensorEntry> entries, long dataLength)
    {
        long covered = 0;
        SafeTensorEntry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < covered)
                throw Fail(path, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{e.Name}' [{e.Begin}, {e.End}] " +
                                 $"overlap; each byte of the data section belongs to one tensor. {Fix}");
            if (e.Begin > covered)
                throw Fail(path, $"bytes [{covered}, {e.Begin}) before tensor '{e.Name}' belong to no tensor; the format has no gaps " +
                                 $"between tensors, so the header does not describe this data. {Fix}");
            covered = e.End;
            previous = e;
        }
        if (covered != dataLength)
            throw Fail(path, $"the data section has {dataLength} bytes but the tensors cover {covered}" +
                             $"{(previous is null ? "" : $" (the last, '{previous.Name}', ends there)")}; the bytes after it belong to no tensor. {Fix}");
    }

    private static ModelFormatException Fail(string path, string message) => new($"{path}: {message}");
}
