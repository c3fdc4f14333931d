using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// Checkpointed layers (<see cref="LlamaForCausalLM.ActivationCheckpointing"/>) must give the gradients of the plain
/// forward pass, fp32 to 1e-6, for every kind of loss the study trains: logits (NLL, the full-parameter stages and
/// NLL-based unlearning), a layer's residual output with the stack stopped there (RMU) and every MLP output (MLP
/// reconstruction); over all parameters and over a region's deltas.
/// </summary>
public class ActivationCheckpointingTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    /// <summary>Two rows, the second left-padded, so the explicit attention mask (not the causal kernel) is used.</summary>
    private static (Tensor Ids, Tensor Mask) Batch()
    {
        var ids = TinyModels.Ids([5, 6, 7, 8, 9, 10, 11], [0, 0, 12, 13, 14, 15, 16]);
        var mask = TinyModels.Ids([1, 1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1, 1]);
        return (ids, mask);
    }

    private static Tensor Nll(LlamaForCausalLM model)
    {
        var (ids, mask) = Batch();
        var labels = ids.masked_fill(mask == 0, CausalLmLoss.IgnoreIndex);
        return CausalLmLoss.MeanNll(model.forward(ids, mask), labels);
    }

    /// <summary>Pushes layer 1's residual output (the stack stops there) towards a fixed direction, as RMU does.</summary>
    private static Tensor Residual(LlamaForCausalLM model)
    {
        var (ids, mask) = Batch();
        var capture = new ActivationCapture { ResidualLayers = new HashSet<int> { 1 }, StopAfterLayer = 1 };
        model.Capture(ids, mask, capture);
        return (capture.Residuals[1] - 0.5).pow(2).sum(dim: -1).mean();
    }

    /// <summary>Every layer's MLP output against a fixed target, as the reconstruction objective, plus the logits.</summary>
    private static Tensor MlpOutputs(LlamaForCausalLM model)
    {
        var (ids, mask) = Batch();
        var capture = ActivationCapture.AllMlpOutputs(model.Config.NumHiddenLayers);
        var logits = model.forward(ids, mask, capture: capture);
        var loss = logits.pow(2).mean() * 0.01;
        foreach (var (l, output) in capture.MlpOutputs)
            loss = loss + (output - 0.1 * (l + 1)).pow(2).mean();
        return loss;
    }

    public static TheoryData<string> Losses => new() { nameof(Nll), nameof(Residual), nameof(MlpOutputs) };

    private static Func<LlamaForCausalLM, Tensor> LossNamed(string name) => name switch
    {
        nameof(Nll) => Nll,
        nameof(Residual) => Residual,
        _ => MlpOutputs,
    };

    /// <summary>Gradients of every trainable tensor after one backward pass, plain and checkpointed.</summary>
    private static (Tensor[] Plain, Tensor[] Checkpointed) Gradients(LlamaForCausalLM model, ITrainableSet set, Func<LlamaForCausalLM, Tensor> loss)
    {
        Tensor[] Pass(bool checkpointing)
        {
            using var scope = NewDisposeScope();
            foreach (var t in set.Tensors)
                t.Value.grad = null;
            model.ActivationCheckpointing = checkpointing;
            loss(model).backward();
            model.CompleteBackward();
            return set.Tensors.Select(t => (t.Value.grad ?? zeros_like(t.Value)).clone().DetachFromDisposeScope()).ToArray();
        }
        return (Pass(false), Pass(true));
    }

    private void AssertEqual(ITrainableSet set, Tensor[] plain, Tensor[] checkpointed)
    {
        double norm = plain.Sum(g => g.abs().sum().item<float>());
        Assert.True(norm > 1e-3, "the loss must have gradients to compare");
        var diffs = plain.Zip(checkpointed, (p, c) => (double)(p - c).abs().max().item<float>()).ToArray();
        output.WriteLine($"{set.Tensors.Count} tensors, max |Δgrad| = {diffs.Max():E2}, max |grad| = {plain.Max(g => g.abs().max().item<float>()):E2}");
        for (int i = 0; i < plain.Length; i++)
            Assert.True(diffs[i] <= Tolerance, $"{set.Tensors[i].Name}: max |Δgrad| = {diffs[i]:E2}");
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void FullParameterGradientsAreThoseOfThePlainPass(string loss)
    {
        using var model = TinyModels.Create(TinyModels.Config(layers: 3));
        using var set = new FullParameterSet(model);
        var (plain, checkpointed) = Gradients(model, set, LossNamed(loss));
        AssertEqual(set, plain, checkpointed);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void RegionGradientsAreThoseOfThePlainPass(string loss)
    {
        using var model = TinyModels.Create(TinyModels.Config(layers: 3));
        // Every layer has region neurons, layer 0 included: its input (the frozen embedding) needs no gradient.
        var region = RegionSampler.UniformGlobal(new RegionShape(3, 24), 0.25, seed: 5);
        Assert.All(Enumerable.Range(0, 3), l => Assert.NotEmpty(region.NeuronsIn(l)));
        using var set = new RegionParameterSet(model, region, freeKeys: true);
        var (plain, checkpointed) = Gradients(model, set, LossNamed(loss));
        AssertEqual(set, plain, checkpointed);
    }

    [Fact]
    public void Olmo2GradientsAreThoseOfThePlainPass()
    {
        using var model = TinyModels.Create(TinyModels.Config(Architecture.Olmo2, tied: true, bias: true));
        using var set = new FullParameterSet(model);
        var (plain, checkpointed) = Gradients(model, set, Nll);
        AssertEqual(set, plain, checkpointed);
    }

    [Fact]
    public void TrainingWithCheckpointingFollowsThePlainTrajectory()
    {
        var config = new TrainingConfig { Steps = 4, LearningRate = 1e-2, GradientAccumulation = 2 };
        (IReadOnlyList<double> Losses, Tensor Weight) Train(bool checkpointing)
        {
            using var model = TinyModels.Create(TinyModels.Config());
            var result = new Trainer().Train(new FullParameterSet(model), config with { ActivationCheckpointing = checkpointing },
                (_, _) => Nll(model), "checkpointing");
            Assert.False(model.ActivationCheckpointing); // the trainer switches it off again
            return (result.Losses, model.DownProjWeights[1].detach().clone().DetachFromDisposeScope());
        }

        var plain = Train(false);
        var checkpointed = Train(true);
        Assert.Equal(plain.Losses.Count, checkpointed.Losses.Count);
        for (int i = 0; i < plain.Losses.Count; i++)
            Assert.Equal(plain.Losses[i], checkpointed.Losses[i], 5);
        Assert.True((plain.Weight - checkpointed.Weight).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void AFailedRecomputationIsReportedAfterTheBackwardPass()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var set = new FullParameterSet(model);
        model.ActivationCheckpointing = true;
        var loss = Nll(model);
        // Layer 1 changes shape between forward and backward: its recomputation throws inside autograd's callback,
        // which must neither end the process nor pass silently.
        using (var neuron = tensor(new long[] { 0 }))
            model.Mlps[1].Delta = new MlpRegionDelta(neuron, hidden: 3, freeKeys: false, CPU);
        loss.backward();
        var e = Assert.Throws<InvalidOperationException>(model.CompleteBackward);
        Assert.Contains("recomputing a decoder layer", e.Message);
        model.Mlps[1].Delta!.Dispose();
        model.Mlps[1].Delta = null;
        model.CompleteBackward(); // reported once
    }

    [Fact]
    public void PassesWithoutAutogradAreUnchanged()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var (ids, mask) = Batch();
        using var _ = no_grad();
        var plain = model.forward(ids, mask);
        model.ActivationCheckpointing = true;
        Assert.True(model.forward(ids, mask).eq(plain).all().item<bool>());
    }
}
