using LocUnlearn.Localization;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Unlearning;
using Xunit.Abstractions;

namespace LocUnlearn.Tests.Localization;

/// <summary>The injected models, each trained once (on first use) for every localizer test class.</summary>
public sealed class InjectedModelFixture : IDisposable
{
    private readonly Lazy<InjectedModel> valueOnly = new(InjectedModel.ValueOnly);
    private readonly Lazy<InjectedModel> freeKeys = new(InjectedModel.FreeKeys);

    internal InjectedModel ValueOnly => valueOnly.Value;
    internal InjectedModel FreeKeys => freeKeys.Value;

    public void Dispose()
    {
        if (valueOnly.IsValueCreated) valueOnly.Value.Dispose();
        if (freeKeys.IsValueCreated) freeKeys.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class InjectedModelCollection : ICollectionFixture<InjectedModelFixture>
{
    public const string Name = "injected model";
}

[Collection(InjectedModelCollection.Name)]
public class LocalizerTests(InjectedModelFixture fixture, ITestOutputHelper output)
{
    private LocalizationQuality Quality(InjectedModel injected, string name, long seed = 0)
    {
        var inputs = new LocalizationInputs(injected.Model, injected.Forget, injected.Retain, UnlearningFixtures.Collator, BatchSize: 8, Seed: seed);
        var scores = Localizers.Create(name).Score(inputs);
        Assert.Equal(injected.Region.Shape, scores.Shape);
        var q = LocalizationQuality.Of(scores, injected.Region, InjectedModel.Fraction);
        output.WriteLine($"{name}: recall@{InjectedModel.Fraction:P0} = {q.Overlap.Recall:F3} (chance {q.Overlap.ChanceRecall:F3}), " +
            $"precision {q.Overlap.Precision:F3}, per layer [{string.Join(", ", q.PerLayerCounts)}] vs V_tgt [{string.Join(", ", injected.Region.PerLayerCounts)}]; " +
            $"forget NLL {injected.Nll(injected.Forget):F3}, retain NLL {injected.Nll(injected.Retain):F3}");
        return q;
    }

    [Fact]
    public void ActivationsFindsTheInjectedValueVectorsWellAboveChance()
    {
        var q = Quality(fixture.ValueOnly, "activations");
        Assert.True(q.Overlap.Recall >= 2 * InjectedModel.Fraction, $"recall {q.Overlap.Recall}");
    }

    /// <summary>
    /// WAGLE (unchanged, μ = 1e-3) on an injection that also trained the region's gate/up rows (SPEC 1's free-keys
    /// setting). A gradient score sees a value vector through ∂ℓ/∂v_i = Σ_t a_i(h_t)·δ_t: the neuron's coefficient on
    /// forget tokens times the residual error, not v_i itself. Freeing the keys makes the region's neurons fire on the
    /// forget inputs, so their columns carry 1.1-3.4x the forget gradient of the rest per layer
    /// (GradientDiagnosticsTests) and WAGLE ranks them high. The fixture stops at 150 steps, where the forget set is fit
    /// (NLL 0.13, below the value-only fixture's 0.60 after 300). Measured recall@10% (chance 0.10) over six seeds of
    /// the same construction (model, data, region), at 75 / 150 / 300 injection steps:
    ///   seed 0: 0.35 / 0.35 / 0.27 (this fixture)   seed 1: 0.35 / 0.27 / 0.19   seed 2: 0.31 / 0.46 / 0.35
    ///   seed 3: 0.35 / 0.31 / 0.54                  seed 4: 0.42 / 0.46 / 0.31   seed 5: 0.42 / 0.35 / 0.31
    /// so ≥ 0.27 (2x chance = 0.20) at 150 steps on every seed; at 300 steps one seed falls to 0.19. Activations on the
    /// same models: 0.54-0.73. The value-only case is WagleDoesNotFindAValueOnlyInjection.
    /// </summary>
    [Fact]
    public void WagleFindsTheInjectedValueVectorsWellAboveChance()
    {
        var q = Quality(fixture.FreeKeys, "wagle");
        Assert.True(q.Overlap.Recall >= 2 * InjectedModel.Fraction, $"recall {q.Overlap.Recall}");
    }

    /// <summary>
    /// A finding, not a wish: on the SPEC's default θo (value vectors only, keys frozen) WAGLE does not find V_tgt, at
    /// convergence or at any point of the injection. Frozen keys leave the region's coefficient functions a_i(h) as they
    /// were at θr, so nothing in ∂ℓ_f/∂v_i marks the region as the injection starts (|g_f| in V_tgt / outside =
    /// 0.91-1.10 at θr);
    /// the injection then spends the region's forget gradient (ratio 0.36 / 0.17 / 0.26 after 300 steps, seeds 0-2),
    /// and with μ = 1e-3 the |∇ℓ_r ⊙ ∇ℓ_f|/μ term of S ranks what remains. Measured WAGLE recall@10% (chance 0.10) after
    /// 15 / 30 / 75 / 150 / 300 of the 300 steps (forget NLL 5.1-6.2 / 3.5-4.5 / 1.7-2.1 / 0.75-0.99 / 0.39-0.60):
    ///   seed 0: 0.08 / 0.08 / 0 / 0 / 0 (this fixture)   seed 1: 0.12 / 0 / 0 / 0 / 0   seed 2: 0.19 / 0.12 / 0.04 / 0.04 / 0
    /// Neither does retain replay during the injection (seeds 0-2: ≤ 0.19, 0-0.04 at the end), a 5% region (seed 0:
    /// ≤ 0.08, chance 0.05), a 2% region (one of its 5 vectors at step 15, none later; chance 0.02), or a learning rate of
    /// 1e-2 or 1e-1 (≤ 0.08); Activations finds all these regions (0.46-0.80 at the end). See docs/localization.md.
    /// </summary>
    [Fact]
    public void WagleDoesNotFindAValueOnlyInjection()
    {
        var q = Quality(fixture.ValueOnly, "wagle");
        Assert.True(q.Overlap.Recall <= InjectedModel.Fraction, $"recall {q.Overlap.Recall}: WAGLE now finds a value-only injection; revisit docs/localization.md");
    }

    /// <summary>
    /// The measurements in docs/localization.md were taken with WAGLE's gradients averaged; the default is now the
    /// reference's sum. At μ = 1e-3 the ∇ℓ_r/μ term already outweighs θ on these fixtures, so scaling it by |D_f| = 16
    /// leaves the top 10% as it was (measured: at μ = 1 it moves 6-8 of the 26 vectors; the sum/mean identity is
    /// LocalizerOptionsTests.WagleSumIsTheMeanScaledByTheForgetCountWithMuDividedByIt).
    /// </summary>
    [Fact]
    public void WagleReductionDoesNotMoveTheCutAtTheDefaultMuOnTheFixtures()
    {
        foreach (var injected in new[] { fixture.ValueOnly, fixture.FreeKeys })
        {
            var inputs = new LocalizationInputs(injected.Model, injected.Forget, injected.Retain, UnlearningFixtures.Collator, BatchSize: 8);
            Region Cut(GradientReduction reduction) =>
                new WagleLocalizer(new WagleSettings { GradientReduction = reduction }).Score(inputs).Top(InjectedModel.Fraction);
            Assert.True(Cut(GradientReduction.Sum).SetEquals(Cut(GradientReduction.Mean)));
        }
    }

    [Fact]
    public void MemFlexCutsARegionOfExactlyP()
    {
        var q = Quality(fixture.ValueOnly, "memflex");
        Assert.Equal(RegionSampler.CountFor(fixture.ValueOnly.Region.Shape, InjectedModel.Fraction), q.Overlap.Found);
    }

    [Fact]
    public void RandomRecallIsAboutP()
    {
        var recalls = Enumerable.Range(0, 20).Select(seed => Quality(fixture.ValueOnly, "random", seed).Overlap.Recall).ToArray();
        output.WriteLine($"random: mean recall over 20 seeds {recalls.Average():F3}");
        Assert.InRange(recalls.Average(), 0.05, 0.15);
        Assert.True(recalls.Distinct().Count() > 1);
    }
}
