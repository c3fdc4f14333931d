using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// One Adam moment of one trained tensor for <see cref="AdamW8bit"/>, read and written a range of the flattened tensor
/// at a time: in <see cref="DynamicQuantization"/> blocks (1 byte per value plus 4 per block), or in fp32 for tensors
/// below <see cref="MinQuantizedSize"/> values, as bitsandbytes keeps them (norm weights and biases: negligible memory,
/// and one block would span the whole tensor).
/// </summary>
internal sealed class AdamMoment : IDisposable
{
    /// <summary>bitsandbytes' min_8bit_size.</summary>
    public const long MinQuantizedSize = 4096;

    private readonly Tensor? fp32;                   // (n,) fp32, small tensors
    private readonly Tensor? codes, absmax;          // (blocks · BlockSize,) uint8, the last block padded; (blocks,) fp32
    private readonly Tensor map, boundaries;         // shared by the optimizer's moments of one sign

    public AdamMoment(long n, Device device, Tensor map, Tensor boundaries)
    {
        this.map = map;
        this.boundaries = boundaries;
        if (n < MinQuantizedSize)
        {
            fp32 = zeros(n, dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
            return;
        }
        long blocks = (n + DynamicQuantization.BlockSize - 1) / DynamicQuantization.BlockSize;
        // A zero maximum makes every value of a block 0 whatever its codes.
        codes = zeros(blocks * DynamicQuantization.BlockSize, dtype: ScalarType.Byte, device: device).DetachFromDisposeScope();
        absmax = zeros(blocks, dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
    }

    public long Bytes => fp32 is not null ? fp32.numel() * 4 : codes!.numel() + absmax!.numel() * 4;

    /// <summary>fp32 values of positions start .. start+length-1; start is a multiple of the block size. For an fp32
    /// moment the values are the moment itself (updated in place); otherwise <see cref="Store"/> writes them back.</summary>
    public Tensor Load(long start, long length)
    {
        if (fp32 is not null)
            return fp32.narrow(0, start, length);
        var (first, count) = Blocks(start, length);
        var values = DynamicQuantization.Dequantize(codes!.narrow(0, start, count * DynamicQuantization.BlockSize),
            absmax!.narrow(0, first, count), map);
        if (values.shape[0] == length)
            return values;
        using (values)
            return values.narrow(0, 0, length); // then the view's handle is the only one: disposing it frees the values
    }

    public void Store(long start, Tensor values)
    {
        if (fp32 is not null)
            return;
        using var scope = NewDisposeScope();
        long length = values.shape[0];
        var (first, count) = Blocks(start, length);
        long padded = count * DynamicQuantization.BlockSize;
        var full = padded == length ? values : cat([values, zeros(padded - length, dtype: ScalarType.Float32, device: values.device)]);
        var (newCodes, newAbsmax) = DynamicQuantization.Quantize(full, boundaries);
        codes!.narrow(0, start, padded).copy_(newCodes);
        absmax!.narrow(0, first, count).copy_(newAbsmax);
    }

    private static (long First, long Count) Blocks(long start, long length) =>
        (start / DynamicQuantization.BlockSize, (length + DynamicQuantization.BlockSize - 1) / DynamicQuantization.BlockSize);

    public void Dispose()
    {
        fp32?.Dispose();
        codes?.Dispose();
        absmax?.Dispose();
    }
}
