using static TorchSharp.torch;

namespace LocUnlearn.Data;

/// <summary>
/// A padded batch. InputIds, AttentionMask (1 = real token, 0 = pad) and Labels (-100 on prompt and pad) are
/// int64 tensors of shape (B, T). Labels are unshifted (see <see cref="EncodedExample"/>).
/// </summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor inputIds, Tensor attentionMask, Tensor labels, IReadOnlyList<int> itemIndices)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        Labels = labels;
        ItemIndices = itemIndices;
    }

    public Tensor InputIds { get; }
    public Tensor AttentionMask { get; }
    public Tensor Labels { get; }
    /// <summary>Index of each row in the split it came from.</summary>
    public IReadOnlyList<int> ItemIndices { get; }
    public long Size => InputIds.shape[0];

    public Batch To(Device device) =>
        new(InputIds.to(device), AttentionMask.to(device), Labels.to(device), ItemIndices);

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        Labels.Dispose();
    }
}
