using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class ActivationCaptureTests
{
    [Fact]
    public void CapturedTensorsOutliveTheForwardPassAndAreConsistent()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var ids = TinyModels.Ids([5, 6, 7, 8], [9, 10, 11, 12]);
        var capture = new ActivationCapture
        {
            ResidualLayers = new HashSet<int> { 0, 1 },
            MlpOutputLayers = new HashSet<int> { 0, 1 },
            CoefficientLayers = new HashSet<int> { 0, 1 },
        };
        var logits = model.forward(ids, capture: capture);
        for (int l = 0; l < 2; l++)
        {
            // MLP(h) = W_down a(h): the captured output is down_proj of the captured coefficients.
            var recomputed = model.Mlps[l].down_proj.forward(capture.Coefficients[l]);
            Assert.True(allclose(recomputed, capture.MlpOutputs[l], atol: 1e-6), $"layer {l}");
        }
        // Logits are lm_head(norm(h_last)).
        var viaResidual = nn.functional.linear(model.model.norm.forward(capture.Residuals[1]), model.OutputWeight);
        Assert.True(allclose(viaResidual, logits, atol: 1e-5));
    }

    [Fact]
    public void ACaptureThatStopsEarlyRecordsTheSameResidualAndHasNoLogits()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var ids = TinyModels.Ids([5, 6, 7, 8]);
        var full = new ActivationCapture { ResidualLayers = new HashSet<int> { 0 } };
        model.forward(ids, capture: full);
        var early = new ActivationCapture { ResidualLayers = new HashSet<int> { 0 }, StopAfterLayer = 0 };
        model.Capture(ids, null, early);
        Assert.Equal([1L, 4, 16], early.Residuals[0].shape);
        Assert.True(early.Residuals[0].eq(full.Residuals[0]).all().item<bool>());
        var refused = new ActivationCapture { ResidualLayers = new HashSet<int> { 0 }, StopAfterLayer = 0 };
        var e = Assert.Throws<ArgumentException>(() => model.forward(ids, capture: refused));
        Assert.Contains(nameof(LlamaForCausalLM.Capture), e.Message);
    }

    [Fact]
    public void CaptureRecordsWhatAFullForwardRecords()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var ids = TinyModels.Ids([5, 6, 7, 8]);
        var viaForward = ActivationCapture.AllMlpOutputs(model.Config.NumHiddenLayers);
        model.forward(ids, capture: viaForward);
        var viaCapture = ActivationCapture.AllMlpOutputs(model.Config.NumHiddenLayers);
        model.Capture(ids, null, viaCapture);
        foreach (var (l, output) in viaForward.MlpOutputs)
            Assert.True(viaCapture.MlpOutputs[l].eq(output).all().item<bool>(), $"layer {l}");
    }
}
