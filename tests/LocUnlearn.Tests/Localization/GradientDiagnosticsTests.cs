using LocUnlearn.Localization;
using LocUnlearn.Tests.Unlearning;
using Xunit.Abstractions;

namespace LocUnlearn.Tests.Localization;

/// <summary>
/// What a gradient localizer can see of an injected region. The forget gradient of a value vector is
/// ∂ℓ_f/∂v_i = Σ_t a_i(h_t)·δ_t, the neuron's coefficient on forget tokens times the residual error. With frozen
/// keys (the SPEC default) the injection cannot raise a_i and instead drives the loss to a minimum over the region's
/// columns, so at θo ∇ℓ_f is smallest exactly there and scores built on |∇ℓ_f| (WAGLE, MemFlex) rank V_tgt low;
/// Activations, which multiplies by ‖v‖ (grown by the injection), does not. With free keys the region's neurons
/// learn to fire on forget inputs and its columns carry the larger gradient. Mean |g_f| over a column, per layer;
/// measurements along the injection in docs/localization.md.
/// </summary>
[Collection(InjectedModelCollection.Name)]
public class GradientDiagnosticsTests(InjectedModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void ForgetGradientIsSmallerOnTheConvergedRegionThanOutsideIt()
    {
        foreach (var (inside, outside) in ColumnForgetGradients(fixture.ValueOnly))
            Assert.True(inside < outside, $"{inside:E2} vs {outside:E2}");
    }

    [Fact]
    public void ForgetGradientIsLargerOnAFreeKeyRegionThanOutsideIt()
    {
        var layers = ColumnForgetGradients(fixture.FreeKeys);
        Assert.True(layers.Average(l => l.Inside / l.Outside) > 1, "mean ratio over layers");
    }

    private (double Inside, double Outside)[] ColumnForgetGradients(InjectedModel inj)
    {
        var inputs = new LocalizationInputs(inj.Model, inj.Forget, inj.Retain, UnlearningFixtures.Collator, 8);
        var gf = DownProjGradients.Mean(inj.Model, inputs.Batches(inj.Forget), inj.Forget.Count);
        try
        {
            return gf.Select((g, l) =>
            {
                var f = g.abs().mean(dimensions: [0]).data<float>().ToArray();
                var region = inj.Region.NeuronsIn(l).ToHashSet();
                double Avg(bool inRegion) => Enumerable.Range(0, f.Length).Where(i => region.Contains(i) == inRegion).Average(i => (double)f[i]);
                output.WriteLine($"layer {l}: mean |g_f| over a column, in V_tgt {Avg(true):E2}, outside {Avg(false):E2} (ratio {Avg(true) / Avg(false):F2})");
                return (Avg(true), Avg(false));
            }).ToArray();
        }
        finally
        {
            foreach (var g in gf) g.Dispose();
        }
    }
}
