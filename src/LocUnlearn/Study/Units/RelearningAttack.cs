using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Units;

/// <summary>
/// The forget set split per author into the items an attacker fine-tunes on and the held-out items it is judged on
/// (SPEC 12), seeded. TOFU-format splits keep each author's items contiguous, <paramref name="itemsPerAuthor"/> each.
/// </summary>
public sealed record RelearningSplit(IReadOnlyList<int> Attack, IReadOnlyList<int> HeldOut)
{
    public static RelearningSplit Of(int forgetItems, int itemsPerAuthor, long seed)
    {
        if (itemsPerAuthor < 2)
            throw new ArgumentException($"relearn: an author needs at least 2 forget items to split, got {itemsPerAuthor} per author.");
        var rng = SplitMix64.ForStream(seed, "relearn/split");
        var attack = new List<int>();
        var heldOut = new List<int>();
        for (int start = 0; start < forgetItems; start += itemsPerAuthor)
        {
            var author = Enumerable.Range(start, Math.Min(itemsPerAuthor, forgetItems - start)).ToList();
            rng.Shuffle(author);
            int half = author.Count / 2;
            attack.AddRange(author.Take(half).Order());
            heldOut.AddRange(author.Skip(half).Order());
        }
        return new RelearningSplit(attack, heldOut);
    }
}

/// <summary>Held-out forget ES before and after an attack, and the attack's losses.</summary>
public sealed record RelearnOutcome(int AttackItems, int HeldOutItems, double BeforeEs, double AfterEs, IReadOnlyList<double> Losses)
{
    /// <summary>What the attack recovered of what unlearning removed: (after − before) / (θo's held-out ES − before).</summary>
    public double RecoveredFraction(double thetaOEs) => thetaOEs - BeforeEs is var room && room > 0 ? (AfterEs - BeforeEs) / room : double.NaN;
}

/// <summary>
/// The relearning attack (SPEC 12, experiment d): a copy of the model as it stands (region deltas merged) is fine-tuned
/// with all parameters on the attack half for a small fixed budget; the model itself is untouched, so an unlearning run
/// can attack its final weights and still revert θo exactly.
/// </summary>
public static class RelearningAttack
{
    /// <param name="inPlace">fine-tune <paramref name="model"/> itself: its caller loaded it for the attack alone (θr as the
    /// floor), so no second copy of the weights is held (an 8B model's 15 GiB, issue 19's memory bound)</param>
    public static RelearnOutcome Run(LlamaForCausalLM model, RelearningSplit split, IReadOnlyList<EncodedExample> forget, Collator collator,
        TrainingConfig training, long seed, IReadOnlyCollection<long> eosIds, int evalBatchSize, string context, bool inPlace = false,
        Trainer.StepDone? onStep = null)
    {
        var attack = split.Attack.Select(i => forget[i]).ToList();
        var heldOut = split.HeldOut.Select(i => forget[i]).ToList();
        using var copy = inPlace ? null : FrozenCopyReference.Of(model);
        var attacked = copy?.Model ?? model;
        double before = HeldOutEs(attacked, heldOut, collator, eosIds, evalBatchSize);
        var loss = SupervisedLoss.Create(attacked, attack, collator, training.BatchSize, training.Seed + seed,
            lengthBuckets: training.LengthBuckets);
        TrainingResult result;
        // An unlearning run calls this from its final checkpoint's evaluation, which runs without gradients.
        using (TorchSharp.torch.enable_grad())
            result = new Trainer().Train(new FullParameterSet(attacked), training, loss, context, onStep);
        foreach (var p in attacked.parameters()) p.requires_grad_(false);
        double after = HeldOutEs(attacked, heldOut, collator, eosIds, evalBatchSize);
        return new RelearnOutcome(attack.Count, heldOut.Count, before, after, result.Losses);
    }

    public static double HeldOutEs(LlamaForCausalLM model, IReadOnlyList<EncodedExample> items, Collator collator,
        IReadOnlyCollection<long> eosIds, int batchSize)
    {
        using var _ = TorchSharp.torch.no_grad();
        var scorer = new TeacherForcedScorer(model, collator.PadId, eosIds, batchSize);
        return ExtractionStrength.Mean(scorer.Score(items).Select(s => s.ExtractionStrength).ToList());
    }
}
