using LocUnlearn.Regions;
using LocUnlearn.Study.Units;
using LocUnlearn.Tests.Model;
using LocUnlearn.Tests.Unlearning;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Study.Units;

/// <summary>The relearning attack: per-author halves, a copy of the live weights, the model itself untouched.</summary>
public sealed class RelearningAttackTests
{
    [Fact]
    public void EachAuthorIsSplitInHalvesSeeded()
    {
        var split = RelearningSplit.Of(forgetItems: 40, itemsPerAuthor: 10, seed: 2);
        Assert.Equal(20, split.Attack.Count);
        Assert.Equal(Enumerable.Range(0, 40), split.Attack.Concat(split.HeldOut).Order());
        for (int author = 0; author < 4; author++)
            Assert.Equal(5, split.Attack.Count(i => i / 10 == author));
        Assert.Equal(split.Attack, RelearningSplit.Of(40, 10, 2).Attack);
        Assert.NotEqual(split.Attack, RelearningSplit.Of(40, 10, 3).Attack);
        Assert.Throws<ArgumentException>(() => RelearningSplit.Of(40, 1, 2));
    }

    [Fact]
    public void RecoveredFractionIsTheShareOfTheWayBackToThetaO()
    {
        var outcome = new RelearnOutcome(5, 5, BeforeEs: 0.2, AfterEs: 0.5, Losses: []);
        Assert.Equal(0.5, outcome.RecoveredFraction(0.8), 12); // (0.5 − 0.2) / (0.8 − 0.2)
        Assert.True(double.IsNaN(outcome.RecoveredFraction(0.2))); // nothing was removed
    }

    [Fact]
    public void TheAttackTrainsACopyOfTheLiveWeightsAndLeavesTheModelAsItWas()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var forget = UnlearningFixtures.Examples(8, 40, seed: 4);
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 4);
        using var set = new RegionParameterSet(model, region, freeKeys: false);
        using (no_grad())
            foreach (var t in set.Tensors) t.Value.add_(0.3); // an unlearning run's live region delta
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var split = RelearningSplit.Of(8, 4, seed: 1);
        var heldOut = split.HeldOut.Select(i => forget[i]).ToList();
        double withDeltas = RelearningAttack.HeldOutEs(model, heldOut, UnlearningFixtures.Collator, [2], 8);

        var outcome = RelearningAttack.Run(model, split, forget, UnlearningFixtures.Collator,
            new TrainingConfig { Steps = 30, BatchSize = 4, LearningRate = 1e-2 }, seed: 0, [2], 8, "test");

        Assert.Equal(withDeltas, outcome.BeforeEs, 12); // the copy carries the live delta
        Assert.Equal(30, outcome.Losses.Count);
        Assert.True(outcome.Losses[^1] < outcome.Losses[0], "the attack fits its half");
        foreach (var (name, t) in model.state_dict())
            Assert.True(t.equal(before[name]).all().item<bool>(), $"{name} changed");
        Assert.Equal(withDeltas, RelearningAttack.HeldOutEs(model, heldOut, UnlearningFixtures.Collator, [2], 8), 12);
    }
}
