using LocUnlearn.Data;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Study;

/// <summary>The θo loss: forget NLL plus α times the replayed rows' NLL or KL to θr, each checked against a value computed
/// here from the model's logits, and the seeded replay draw.</summary>
public sealed class InjectionLossTests
{
    private const int Vocab = 40;
    private static readonly Collator Collator = new(0);

    /// <summary>QA-like rows of varied length: a 2-token prompt (ignored) then labelled answer tokens.</summary>
    private static List<EncodedExample> Rows(int count, int offset) => Enumerable.Range(0, count).Select(i =>
    {
        int length = 5 + (i + offset) % 4;
        long[] ids = Enumerable.Range(0, length).Select(t => 3L + ((i + offset) * 7 + t * 5 + i * t) % (Vocab - 3)).ToArray();
        long[] labels = ids.Select((id, t) => t < 2 ? EncodedExample.IgnoreIndex : id).ToArray();
        return new EncodedExample(ids, labels, 2);
    }).ToList();

    private static double MeanNll(LlamaForCausalLM model, IReadOnlyList<EncodedExample> rows)
    {
        using var scope = NewDisposeScope();
        using var batch = Collator.Collate(rows, Enumerable.Range(0, rows.Count).ToList());
        using var _ = no_grad();
        return CausalLmLoss.MeanNll(model.forward(batch.InputIds, batch.AttentionMask), batch.Labels).item<float>();
    }

    private static double Loss(Trainer.MicroBatchLoss loss)
    {
        using var scope = NewDisposeScope();
        return loss(0, 0).item<float>();
    }

    private static List<EncodedExample> FirstForgetBatch(List<EncodedExample> forget, int batchSize, long seed) =>
        new DataOrder(forget.Count, seed).Batches(batchSize, dropLast: true).First().Select(i => forget[i]).ToList();

    [Fact]
    public void WithoutActiveReplayTheLossIsTheForgetBatchMeanNll()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(10, 0);
        var replay = new[] { new ReplaySource("retain", Rows(6, 50), 3) };
        double expected = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));

        double none = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, [], new RetainTerm(), null));
        double off = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, RetainTerm.None, null));

        Assert.Equal(expected, none, 5);
        Assert.Equal(expected, off, 5);
    }

    [Fact]
    public void LengthBucketsTakeTheForgetBatchesInDataOrdersLengthBucketedOrder()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(12, 0); // lengths 5-8
        var bucketed = new DataOrder(forget.Count, 5).LengthBucketedBatches(4, forget.Select(e => e.Length).ToArray()).First()
            .Select(i => forget[i]).ToList();
        Assert.NotEqual(MeanNll(model, bucketed), MeanNll(model, FirstForgetBatch(forget, 4, seed: 5)), 5); // the two orders differ

        Assert.Equal(MeanNll(model, bucketed), Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, [], new RetainTerm(), null, lengthBuckets: true)), 5);
    }

    [Fact]
    public void NllReplayAddsAlphaTimesTheReplayedRowsOwnMeanNll()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(10, 0);
        var replay = new[] { new ReplaySource("retain", Rows(6, 50), 3), new ReplaySource("corpus", Rows(9, 90), 2) };
        var rows = InjectionLoss.ReplayRows(replay, 5, 0);
        double forgetNll = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));
        double replayNll = MeanNll(model, rows);

        double loss = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, new RetainTerm(RetainLossKind.Nll, 0.5), null));

        Assert.Equal(5, rows.Count);
        Assert.Equal(forgetNll + 0.5 * replayNll, loss, 5);
        // Not the token-weighted mean over one pooled batch (the replayed rows are their own term).
        Assert.NotEqual(forgetNll + replayNll, loss, 3);
    }

    [Fact]
    public void TheForgetTraceReceivesTheForgetTermAloneOncePerCall()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(10, 0);
        var replay = new[] { new ReplaySource("retain", Rows(6, 50), 3) };
        double forgetNll = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));
        var trace = new List<double>();

        double loss = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, new RetainTerm(RetainLossKind.Nll, 2.0), null, forgetNll: trace));

        Assert.Equal(forgetNll, Assert.Single(trace), 5);
        Assert.True(loss > trace[0] + 1e-3, $"loss {loss} should exceed its forget term {trace[0]} by the replay");
    }

    [Fact]
    public void PerStepAveragesEachStepsMicroBatches()
    {
        Assert.Equal([2.0, 5.0], InjectStage.PerStep([1.0, 3.0, 4.0, 6.0], 2));
        Assert.Equal([1.0, 3.0], InjectStage.PerStep([1.0, 3.0], 1));
    }

    [Fact]
    public void KlReplayIsZeroAtThetaRAndTheKlOfTheNextTokenDistributionsAfterAChange()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(10, 0);
        var replay = new[] { new ReplaySource("retain", Rows(6, 50), 3) };
        var shape = new RegionShape(model.Config.NumHiddenLayers, model.Config.IntermediateSize);
        using var set = new RegionParameterSet(model, RegionSampler.UniformGlobal(shape, 0.25, 3));
        var reference = new SuspendedDeltaReference(model);
        var term = new RetainTerm(RetainLossKind.Kl, 2.0);
        double forgetAtThetaR = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));

        Assert.Equal(forgetAtThetaR, Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, term, reference)), 5);

        using (no_grad())
            foreach (var t in set.Tensors)
                t.Value.normal_(0, 0.5, new Generator(9));
        double forgetNll = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));
        double kl = ExplicitKl(model, reference, InjectionLoss.ReplayRows(replay, 5, 0));

        double loss = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, term, reference));

        Assert.True(kl > 1e-3, $"the change should move the replayed rows' distributions (KL {kl})");
        Assert.Equal(forgetNll + 2.0 * kl, loss, 4);
    }

    [Fact]
    public void KlReplayOfTheFullParameterReferenceReadsAFrozenCopyOfThetaR()
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab));
        var forget = Rows(10, 0);
        var replay = new[] { new ReplaySource("retain", Rows(6, 50), 2), new ReplaySource("corpus", Rows(9, 90), 2) };
        using var reference = FrozenCopyReference.Of(model);
        var term = new RetainTerm(RetainLossKind.Kl, 0.7);

        // Every weight moves (as full fine-tuning moves them); the copy must not.
        var generator = new Generator(11);
        using (no_grad())
            foreach (var p in model.parameters())
                p.add_(randn(p.shape, generator: generator) * 0.2);
        double forgetNll = MeanNll(model, FirstForgetBatch(forget, 4, seed: 5));
        double kl = ExplicitKl(model, reference, InjectionLoss.ReplayRows(replay, 5, 0));

        double loss = Loss(InjectionLoss.Create(model, forget, Collator, 4, 5, replay, term, reference));

        Assert.True(kl > 1e-3, $"the change should move the replayed rows' distributions (KL {kl})");
        Assert.Equal(forgetNll + 0.7 * kl, loss, 4);
        Assert.Throws<ArgumentException>(() => InjectionLoss.Create(model, forget, Collator, 4, 5, replay, term, null));
    }

    /// <summary>Mean over labelled positions of Σ_v p_ref(v)·(log p_ref(v) - log p_θ(v)), position t-1 predicting label t.</summary>
    private static double ExplicitKl(LlamaForCausalLM model, IReferenceModel reference, IReadOnlyList<EncodedExample> rows)
    {
        using var scope = NewDisposeScope();
        using var batch = Collator.Collate(rows, Enumerable.Range(0, rows.Count).ToList());
        using var _ = no_grad();
        var logP = nn.functional.log_softmax(model.forward(batch.InputIds, batch.AttentionMask), -1).data<float>().ToArray();
        var logRef = nn.functional.log_softmax(reference.Forward(batch), -1).data<float>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        int rowsCount = rows.Count, width = (int)batch.InputIds.shape[1];
        double sum = 0;
        int count = 0;
        for (int b = 0; b < rowsCount; b++)
            for (int t = 1; t < width; t++)
            {
                if (labels[b * width + t] == EncodedExample.IgnoreIndex) continue;
                int at = (b * width + t - 1) * Vocab;
                for (int v = 0; v < Vocab; v++)
                    sum += Math.Exp(logRef[at + v]) * (logRef[at + v] - logP[at + v]);
                count++;
            }
        return sum / count;
    }

    [Fact]
    public void ReplayRowsAreSeededPerStepAndEachSourceDrawsFromItsOwnStream()
    {
        var retain = Rows(30, 50);
        var corpus = Rows(40, 90);
        ReplaySource[] both = [new("retain", retain, 4), new("corpus", corpus, 3)];
        ReplaySource[] moreRetain = [new("retain", retain, 9), new("corpus", corpus, 3)];

        var first = InjectionLoss.ReplayRows(both, 7, 0);

        Assert.Equal(first, InjectionLoss.ReplayRows(both, 7, 0));
        Assert.NotEqual(first, InjectionLoss.ReplayRows(both, 7, 1));
        Assert.NotEqual(first, InjectionLoss.ReplayRows(both, 8, 0));
        Assert.All(first.Take(4), r => Assert.Contains(r, retain));
        Assert.All(first.Skip(4), r => Assert.Contains(r, corpus));
        // More retain rows do not shift the corpus draw.
        Assert.Equal(first.Skip(4), InjectionLoss.ReplayRows(moreRetain, 7, 0).Skip(9));
    }
}
