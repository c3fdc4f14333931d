namespace LocUnlearn.Data;

/// <summary>
/// Pairs each forget item with a retain item drawn uniformly at random (seeded, per epoch), for unlearning objectives
/// that add a retain term on a retain batch the size of the forget batch (SPEC 6, defaults).
/// </summary>
public sealed record ForgetRetainPairing(int RetainCount, long Seed)
{
    /// <summary>The retain index paired with each forget index of a batch, for the given step.</summary>
    public int[] RetainFor(IReadOnlyList<int> forgetBatch, int step)
    {
        if (RetainCount <= 0)
            throw new InvalidOperationException("cannot pair with an empty retain set");
        SplitMix64 rng = SplitMix64.ForStream(Seed, $"forget-retain-pairing/step-{step}");
        return forgetBatch.Select(_ => rng.NextInt(RetainCount)).ToArray();
    }
}
