using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// What scaled_dot_product_attention needs: either its built-in causal mask (no padding before a real token,
/// nothing cached) or an explicit boolean mask (B, 1, T, S), true = may attend.
/// </summary>
public sealed class AttentionMask : IDisposable
{
    private AttentionMask(Tensor? mask, bool isCausal)
    {
        Mask = mask;
        IsCausal = isCausal;
    }

    public Tensor? Mask { get; }
    public bool IsCausal { get; }

    /// <summary>A mask made before, from its parts (a checkpointed layer rebuilds its mask in the backward pass);
    /// takes over <paramref name="mask"/>.</summary>
    internal static AttentionMask Of(Tensor? mask, bool isCausal) => new(mask, isCausal);

    /// <param name="paddingMask">(B, S) 1 = real token, over cached plus new positions; null = no padding.</param>
    /// <param name="queryLength">T, the number of new positions.</param>
    /// <param name="pastLength">number of cached positions (S = past + T).</param>
    public static AttentionMask Build(Tensor? paddingMask, long queryLength, long pastLength, Device device)
    {
        bool noPadding = paddingMask is null || IsRightPaddedOrFull(paddingMask);
        if (noPadding && pastLength == 0)
            // Right padding never reaches a real token under causality, so the fused causal kernel is exact.
            return new AttentionMask(null, queryLength > 1);
        if (noPadding && queryLength == 1)
            return new AttentionMask(null, false); // one new token may see every cached position

        using var scope = NewDisposeScope();
        long s = pastLength + queryLength;
        var queryPos = arange(pastLength, s, dtype: ScalarType.Int64, device: device).view(-1, 1); // (T, 1)
        var keyPos = arange(0, s, dtype: ScalarType.Int64, device: device).view(1, -1);            // (1, S)
        var allowed = (keyPos <= queryPos).unsqueeze(0).unsqueeze(0);                              // (1, 1, T, S)
        if (paddingMask is not null)
        {
            var keyValid = paddingMask.to(ScalarType.Bool).view(paddingMask.shape[0], 1, 1, s);
            // A padded query would otherwise see no key at all and SDPA would return NaN for it: let every
            // position see itself. Pad outputs are never used.
            allowed = allowed.logical_and(keyValid).logical_or((keyPos == queryPos).unsqueeze(0).unsqueeze(0));
        }
        return new AttentionMask(allowed.MoveToOuterDisposeScope(), false);
    }

    /// <summary>True when every row is ones followed by zeros (or all ones).</summary>
    private static bool IsRightPaddedOrFull(Tensor paddingMask)
    {
        using var scope = NewDisposeScope();
        if (paddingMask.shape[1] < 2)
            return paddingMask.all().item<bool>();
        var m = paddingMask.to(ScalarType.Int64);
        long s = m.shape[1];
        return (m.select(1, 0) == 1).all().item<bool>() && (m.narrow(1, 1, s - 1) <= m.narrow(1, 0, s - 1)).all().item<bool>();
    }

    public void Dispose() => Mask?.Dispose();
}
