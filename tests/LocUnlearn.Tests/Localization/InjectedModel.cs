using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Tests.Unlearning;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Localization;

/// <summary>
/// A model where the answer to "where is the forget set stored?" is known: a tiny model first trained (all
/// parameters) on the retain sequences, then trained on the forget sequences with updates confined to a 10% region of
/// value vectors (the controlled pipeline's θo, SPEC 4.4, in miniature). <see cref="ValueOnly"/> is the SPEC's
/// default region (value vectors only, 300 steps); <see cref="FreeKeys"/> also frees the region's gate/up rows (the
/// SPEC 1 setting <c>inject.free_keys</c>), 150 steps.
/// </summary>
internal sealed class InjectedModel : IDisposable
{
    public const double Fraction = 0.1;

    public static InjectedModel ValueOnly() => new(freeKeys: false, injectionSteps: 300);

    public static InjectedModel FreeKeys() => new(freeKeys: true, injectionSteps: 150);

    private InjectedModel(bool freeKeys, int injectionSteps)
    {
        var config = TinyModels.Config(layers: 4, vocab: 64) with { HiddenSize = 32, IntermediateSize = 64, HeadDim = 8 };
        Model = TinyModels.Create(config, seed: 11);
        Retain = UnlearningFixtures.Examples(24, 64, seed: 21, promptLength: 2, minAnswer: 6, maxAnswer: 8);
        Forget = UnlearningFixtures.Examples(16, 64, seed: 22, promptLength: 2, minAnswer: 6, maxAnswer: 8);
        Region = RegionSampler.UniformGlobal(new RegionShape(4, 64), Fraction, seed: 5);
        Train(new FullParameterSet(Model), Retain, steps: 150, lr: 1e-2);
        using (var set = new RegionParameterSet(Model, Region, freeKeys))
            Train(set, Forget, injectionSteps, lr: 3e-2);
        foreach (var p in Model.parameters()) p.requires_grad_(false);
    }

    public LlamaForCausalLM Model { get; }
    public List<EncodedExample> Retain { get; }
    public List<EncodedExample> Forget { get; }
    public Region Region { get; }

    public double Nll(IReadOnlyList<EncodedExample> examples)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var b = UnlearningFixtures.Collator.CollateIndices(examples, Enumerable.Range(0, examples.Count).ToArray());
        return CausalLmLoss.MeanNll(Model.forward(b.InputIds, b.AttentionMask), b.Labels).item<float>();
    }

    private void Train(ITrainableSet set, List<EncodedExample> data, int steps, double lr)
    {
        var config = new TrainingConfig { Steps = steps, BatchSize = 8, LearningRate = lr };
        var order = new DataOrder(data.Count, 1).Batches(8).Take(steps).ToList();
        new Trainer().Train(set, config, (step, _) =>
        {
            using var b = UnlearningFixtures.Collator.CollateIndices(data, order[step]);
            return CausalLmLoss.MeanNll(Model.forward(b.InputIds, b.AttentionMask), b.Labels);
        }, "inject");
        set.Commit();
        set.Dispose();
    }

    public void Dispose() => Model.Dispose();
}
