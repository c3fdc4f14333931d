using LocUnlearn.Data;
using LocUnlearn.Localization;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// Every tensor we create follows the model's device. CI has no GPU, so these run on libtorch's `meta` device: tensors
/// with shapes but no data, on a device other than the CPU, so a tensor made on the CPU by mistake shows. libtorch's
/// C++ build registers no meta kernel for index_select (embeddings) or where (SDPA's masks), so a whole forward pass
/// cannot run on meta; the parts around it that create tensors are checked one by one.
/// </summary>
public class DeviceTests
{
    private static readonly Device Meta = device("meta");

    private static void AssertOnMeta(Tensor t, string what) => Assert.True(t.device.type == DeviceType.META, $"{what} is on {t.device}");

    [Fact]
    public void RequestingCudaWithoutCudaNamesTheBuildFix()
    {
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSpec.Parse("cuda:0").type);
            return;
        }
        foreach (var spec in new[] { "cuda", "cuda:1" })
        {
            var e = Assert.Throws<ModelFormatException>(() => DeviceSpec.Parse(spec));
            Assert.Contains("-p:TorchBackend=cuda", e.Message);
            Assert.Contains("--device cpu", e.Message);
        }
        Assert.Equal(DeviceType.CPU, DeviceSpec.Parse("cpu").type);
        Assert.Contains("cpu, cuda or cuda:N", Assert.Throws<ModelFormatException>(() => DeviceSpec.Parse("gpu")).Message);
    }

    [Fact]
    public void ModelsAndTheirPositionsAndMasksLiveOnTheRequestedDevice()
    {
        var config = TinyModels.Config();
        using var model = new LlamaForCausalLM(config, Meta, ScalarType.BFloat16);
        model.InitializeWeights(1);
        Assert.All(model.parameters(), p => AssertOnMeta(p, "a parameter"));
        Assert.Equal(ScalarType.BFloat16, model.DType);

        using var rotary = new RotaryEmbedding(config);
        using var hidden = empty(1, 5, config.HiddenSize, dtype: ScalarType.BFloat16, device: Meta);
        var (cos, sin) = rotary.Angles(0, 5, hidden);
        AssertOnMeta(cos, "cos");
        AssertOnMeta(sin, "sin");
        using var mask = AttentionMask.Build(null, queryLength: 3, pastLength: 2, Meta);
        AssertOnMeta(mask.Mask!, "the attention mask");
    }

    [Fact]
    public void BatchesLossesAndReferencesFollowTheBatchDevice()
    {
        var collator = new Collator(PadId: 0);
        EncodedExample Item(params long[] ids) => new(ids, ids.Select((id, t) => t < 2 ? EncodedExample.IgnoreIndex : id).ToArray(), 2);
        var forget = new[] { Item(1, 5, 6, 7), Item(1, 8, 9) };
        var retain = new[] { Item(1, 4, 4), Item(1, 3, 5, 6, 7) };
        var data = new UnlearningData(forget, retain, forget);
        using var batch = new UnlearningBatches(data, collator, 2, seed: 0).Get(0, UnlearningObjectives.Create("dpo"), Meta);
        foreach (var b in new[] { batch.Forget, batch.Retain!, batch.Refusal! })
        {
            AssertOnMeta(b.InputIds, "input ids");
            AssertOnMeta(b.AttentionMask, "the attention mask");
            AssertOnMeta(b.Labels, "labels");
        }

        var logits = zeros([2, batch.Forget.Labels.shape[1], 40], device: Meta);
        AssertOnMeta(CausalLmLoss.MeanNll(logits, batch.Forget.Labels), "the NLL");
        var (logProb, count) = CausalLmLoss.SequenceLogProbs(logits, batch.Forget.Labels);
        AssertOnMeta(logProb, "log π(y|x)");
        AssertOnMeta(count, "token counts");
        AssertOnMeta(RetainTerm.KlFromReference(logits, logits, batch.Forget.Labels), "the KL retain term");
        AssertOnMeta(Rmu.MeanSquaredDistance(zeros([2, batch.Forget.Labels.shape[1], 16], device: Meta), zeros(16, device: Meta), batch.Forget), "RMU's distance");

        using var model = new LlamaForCausalLM(TinyModels.Config(), Meta);
        var inputs = new LocalizationInputs(model, forget, retain, collator, BatchSize: 1);
        foreach (var b in inputs.Batches(forget))
            using (b)
                AssertOnMeta(b.InputIds, "a localization batch");
    }

    [Fact]
    public void RegionDeltasAndOptimizerStateLiveOnTheWeightsDevice()
    {
        using var delta = new MlpRegionDelta(tensor(new long[] { 1, 4 }), hidden: 16, freeKeys: true, Meta);
        AssertOnMeta(delta.Neurons, "region neurons");
        Assert.All(delta.Trainable, t => AssertOnMeta(t, "a region delta"));

        // A bf16 weight: moments and the fp32 master copy are made, and the step runs, on its device.
        var weight = zeros([3, 4], dtype: ScalarType.BFloat16, device: Meta).requires_grad_(true);
        (weight.to(ScalarType.Float32) * 2).sum().backward();
        using var optimizer = new MaskedAdamW([new TrainableTensor("w", weight), new TrainableTensor("d", delta.Down)],
            new TrainingConfig { WeightDecay = 0.1 });
        optimizer.Step(1e-3);
        AssertOnMeta(weight, "the stepped weight");
        Assert.Equal(ScalarType.BFloat16, weight.dtype);
        Assert.Equal((2 * 4 + 4) * 12 + 2 * 4 * delta.Down.numel(), optimizer.StateBytes);
    }
}
