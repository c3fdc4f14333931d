using System.Text;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// Crafted safetensors files, written byte by byte: every header that describes other bytes than the file holds is
/// refused with a message naming the file and the tensor, instead of being read as silently wrong weights.
/// </summary>
public sealed class SafeTensorsStrictTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>An 8-byte little-endian header length, the header text, then <paramref name="dataBytes"/> bytes.</summary>
    private string Craft(string header, int dataBytes, string name = "x.safetensors")
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        string path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)text.Length), .. text, .. new byte[dataBytes]]);
        return path;
    }

    private static string Refused(string path)
    {
        var e = Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.StartsWith(path, e.Message);
        return e.Message;
    }

    private static string Tensor(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\": {{\"dtype\": \"{dtype}\", \"shape\": [{shape}], \"data_offsets\": [{begin}, {end}]}}";

    [Fact]
    public void ValidCraftedFileReadsItsBytes()
    {
        string path = Craft("{" + Tensor("a", "F32", "2", 0, 8) + ", " + Tensor("b", "U8", "3", 8, 11) + "}", 11);
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path)[..^11], .. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), 7, 8, 9]);

        using var file = SafeTensorsFile.Open(path);

        Assert.Equal([1.5f, -2f], file.Read("a").data<float>().ToArray());
        Assert.Equal(new byte[] { 7, 8, 9 }, file.Read("b").data<byte>().ToArray());
    }

    [Fact]
    public void DtypeThatDisagreesWithTheByteLengthIsRefused()
    {
        // U8 [2, 3] takes 6 bytes; the range holds the 24 bytes an F32 [2, 3] would.
        string message = Refused(Craft("{" + Tensor("w", "U8", "2, 3", 0, 24) + "}", 24));

        Assert.Contains("tensor 'w' is U8 of shape [2, 3], which takes 6 bytes, but its data_offsets [0, 24] hold 24", message);
    }

    [Fact]
    public void OverlappingRangesAreRefused()
    {
        string message = Refused(Craft("{" + Tensor("a", "F32", "4", 0, 16) + ", " + Tensor("b", "F32", "4", 8, 24) + "}", 24));

        Assert.Contains("tensors 'a' [0, 16] and 'b' [8, 24] overlap", message);
    }

    [Fact]
    public void GapBetweenRangesAndTrailingBytesAreRefused()
    {
        Assert.Contains("bytes [16, 20) before tensor 'b' belong to no tensor",
            Refused(Craft("{" + Tensor("a", "F32", "4", 0, 16) + ", " + Tensor("b", "F32", "4", 20, 36) + "}", 36)));
        Assert.Contains("the data section has 20 bytes but the tensors cover 16",
            Refused(Craft("{" + Tensor("a", "F32", "4", 0, 16) + "}", 20)));
    }

    [Fact]
    public void RangeBeyondTheFileIsATruncatedFile()
    {
        string message = Refused(Craft("{" + Tensor("a", "F32", "4", 0, 16) + "}", 8));

        Assert.Contains("tensor 'a' has data_offsets [0, 16] beyond the data section (8 bytes): the file is truncated", message);
    }

    [Fact]
    public void ShapeWhoseByteCountOverflowsIsRefused()
    {
        // 2^32 x 2^32 x 4 bytes wraps to 0 in 64 bits: unchecked, it would match an empty range.
        string message = Refused(Craft("{" + Tensor("a", "F32", "4294967296, 4294967296", 0, 0) + "}", 0));

        Assert.Contains("tensor 'a' has shape [4294967296, 4294967296], whose size in bytes overflows 64 bits", message);
    }

    [Fact]
    public void InsaneOrTruncatedHeaderLengthIsRefused()
    {
        string shortFile = Path.Combine(folder.Path, "short.safetensors");
        File.WriteAllBytes(shortFile, [1, 2, 3]);
        Assert.Contains("3 bytes are too few for a safetensors file", Refused(shortFile));

        string huge = Path.Combine(folder.Path, "huge.safetensors");
        File.WriteAllBytes(huge, [.. BitConverter.GetBytes(1L << 40), .. "{}"u8]);
        Assert.Contains("header length 1099511627776 is not between 2 and 100,000,000 bytes", Refused(huge));

        string cut = Craft("{" + Tensor("a", "F32", "4", 0, 16) + "}", 16);
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..20]);
        Assert.Matches(@"the header is \d+ bytes long but the file has only 20: it is truncated", Refused(cut));
    }

    [Fact]
    public void MalformedEntriesAndDuplicateNamesAreRefused()
    {
        Assert.Contains("tensor 'a' has -8 in \"data_offsets\"",
            Refused(Craft("{" + Tensor("a", "F32", "2", -8, 0) + "}", 8)));
        Assert.Contains("tensor 'a' has 1.5 in \"shape\"",
            Refused(Craft("{" + Tensor("a", "F32", "1.5", 0, 4) + "}", 4)));
        Assert.Contains("tensor 'a' has dtype 'F8_E4M3', which LocUnlearn does not read",
            Refused(Craft("{" + Tensor("a", "F8_E4M3", "4", 0, 4) + "}", 4)));
        Assert.Contains("key \"a\" appears twice in one object",
            Refused(Craft("{" + Tensor("a", "F32", "1", 0, 4) + ", " + Tensor("a", "F32", "1", 4, 8) + "}", 8)));
        Assert.Contains("(safetensors header) line 1, column 2: malformed JSON",
            Refused(Craft("{'a': 1}", 0)));
    }

    [Fact]
    public void WriterOutputPassesTheChecksWithEmptyScalarAndIntegerTensors()
    {
        string path = Path.Combine(folder.Path, "w.safetensors");
        using var scalar = tensor(3.5f);
        using var empty = zeros(0, 4);
        using var ints = arange(5, dtype: ScalarType.Int64);
        using var halves = ones(3, dtype: ScalarType.BFloat16);

        SafeTensorsFile.Write(path, [("s", scalar), ("e", empty), ("i", ints), ("h", halves)]);
        using var file = SafeTensorsFile.Open(path);

        Assert.Equal(3.5f, file.Read("s").item<float>());
        Assert.Equal([0L, 4L], file.Read("e").shape);
        Assert.Equal([0L, 1, 2, 3, 4], file.Read("i").data<long>().ToArray());
        Assert.Equal("BF16", file.Entries["h"].DType);
    }
}
