using LocUnlearn.Localization;
using LocUnlearn.Tests.Unlearning;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Localization;

/// <summary>
/// Why gradient localizers miss an injected region: training confined to V_tgt drives the forget loss to a minimum
/// over the region's columns, so at θo the forget gradient ∇ℓ_f is smallest exactly there. Scores built on |∇ℓ_f|
/// (WAGLE, MemFlex) then rank V_tgt below the rest; Activations, which multiplies by ‖v‖ (grown by the injection), does not.
/// </summary>
[Collection(InjectedModelCollection.Name)]
public class GradientDiagnosticsTests(InjectedModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void ForgetGradientIsSmallerOnTheConvergedRegionThanOutsideIt()
    {
        var inj = fixture.Injected;
        var inputs = new LocalizationInputs(inj.Model, inj.Forget, inj.Retain, UnlearningFixtures.Collator, 8);
        var gf = DownProjGradients.Mean(inj.Model, inputs.Batches(inj.Forget), inj.Forget.Count);
        try
        {
            for (int l = 0; l < gf.Length; l++)
            {
                var f = gf[l].abs().mean(dimensions: [0]).data<float>().ToArray();
                var inside = inj.Region.NeuronsIn(l).ToHashSet();
                double Avg(bool inRegion) => Enumerable.Range(0, f.Length).Where(i => inside.Contains(i) == inRegion).Average(i => (double)f[i]);
                output.WriteLine($"layer {l}: mean |g_f| over a column, in V_tgt {Avg(true):E2}, outside {Avg(false):E2}");
                Assert.True(Avg(true) < Avg(false), $"layer {l}");
            }
        }
        finally
        {
            foreach (var g in gf) g.Dispose();
        }
    }
}
