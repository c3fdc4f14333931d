using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Unlearning;

public class ObjectiveLossTests
{
    // logits (1, 3, 3) and labels (1, 3): position 0 is the prompt; logits at t-1 predict label t.
    private static (Tensor Logits, Tensor Labels) TinyCase() =>
        (tensor(new float[] { 1, 2, 0, 0.5f, -1, 2, 3, 3, 3 }, [1, 3, 3]), tensor(new long[] { -100, 1, 2 }, [1, 3]));

    private static double LogSoftmax(double[] row, int k) => row[k] - Math.Log(row.Sum(Math.Exp));

    [Fact]
    public void WgaMatchesAHandComputationAndWithBetaZeroEqualsGa()
    {
        var (logits, labels) = TinyCase();
        double lp1 = LogSoftmax([1, 2, 0], 1), lp2 = LogSoftmax([0.5, -1, 2], 2);
        foreach (double beta in new[] { 0.0, 1.0, 5.0 })
        {
            double expected = (Math.Exp(beta * lp1) * lp1 + Math.Exp(beta * lp2) * lp2) / 2; // -mean_t p_t^β CE_t
            Assert.Equal(expected, Wga.ForgetLoss(logits, labels, beta).item<float>(), 5);
        }
        Assert.Equal(-CausalLmLoss.MeanNll(logits, labels).item<float>(), Wga.ForgetLoss(logits, labels, 0).item<float>(), 6);
    }

    [Fact]
    public void WgaStopsGradientThroughTheWeight()
    {
        // d/dz [sg(p^β) log p] = p^β · d log p / dz: the weight scales the GA gradient and is not differentiated.
        var (logits, labels) = TinyCase();
        var a = logits.clone().requires_grad_(true);
        Wga.ForgetLoss(a, labels, 1.0).backward();
        var b = logits.clone().requires_grad_(true);
        var (lp, mask) = CausalLmLoss.TokenLogProbs(b, labels);
        ((lp.detach().exp() * lp * mask).sum() / 2).backward();
        Assert.True(allclose(a.grad!, b.grad!, atol: 1e-7));
    }

    [Fact]
    public void NpoMatchesAHandComputation()
    {
        const double beta = 0.1;
        var policy = tensor(new float[] { -1, -2, -30 });
        var reference = tensor(new float[] { -1.5f, -1, -3 });
        double expected = new[] { (-1, -1.5), (-2, -1), (-30, -3) }
            .Select(p => -(2 / beta) * -Math.Log(1 + Math.Exp(beta * (p.Item1 - p.Item2)))).Average();
        Assert.Equal(expected, Npo.ForgetLoss(policy, reference, beta).item<float>(), 4);
    }

    [Fact]
    public void DpoMatchesAHandComputation()
    {
        const double beta = 0.1;
        double[] cp = [-5, -2], cr = [-6, -2.5], rp = [-1, -9], rr = [-3, -4];
        double expected = Enumerable.Range(0, 2)
            .Select(i => (2 / beta) * Math.Log(1 + Math.Exp(-beta * ((cp[i] - cr[i]) - (rp[i] - rr[i]))))).Average();
        static Tensor T(double[] x) => tensor(x.Select(v => (float)v).ToArray());
        Assert.Equal(expected, Dpo.ForgetLoss(T(cp), T(cr), T(rp), T(rr), beta).item<float>(), 4);
    }

    private static UnlearningBatch FirstBatch(UnlearningData data, IUnlearningObjective objective) =>
        new UnlearningBatches(data, UnlearningFixtures.Collator, 4, seed: 5).Get(0, objective, CPU);

    [Fact]
    public void NpoAtTheReferenceEqualsTwoOverBetaLn2()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 1);
        using var set = new RegionParameterSet(model, region);
        var npo = new Npo(new NpoSettings { Beta = 0.1, Retain = RetainTerm.None });
        using var batch = FirstBatch(UnlearningFixtures.Data(40), npo);
        var ctx = new UnlearningContext(model, new SuspendedDeltaReference(model));
        Assert.Equal(2 / 0.1 * Math.Log(2), npo.Loss(ctx, batch).item<float>(), 4);
    }

    [Fact]
    public void DpoWithIdenticalPreferredAndRejectedAnswersIsTwoOverBetaLn2WithZeroGradient()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 1);
        using var set = new RegionParameterSet(model, region);
        // Perturb the deltas so that θ ≠ π_ref: the margin is still 0 because both answers coincide.
        using (no_grad())
            foreach (var t in set.Tensors) t.Value.normal_(0, 0.3);
        var dpo = new Dpo(new DpoSettings { Retain = RetainTerm.None });
        var data = UnlearningFixtures.Data(40);
        data = data with { ForgetRefusals = data.Forget };
        using var batch = FirstBatch(data, dpo);
        var loss = dpo.Loss(new UnlearningContext(model, new SuspendedDeltaReference(model)), batch);
        Assert.Equal(2 / 0.1 * Math.Log(2), loss.item<float>(), 4);
        loss.backward();
        foreach (var t in set.Tensors)
        {
            using var g = t.Value.grad;
            Assert.True(g is null || g.abs().max().item<float>() < 1e-6, t.Name);
        }
    }

    [Fact]
    public void KlRetainTermIsZeroAtTheReferenceAndPositiveAway()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 1);
        using var set = new RegionParameterSet(model, region);
        var term = new RetainTerm(RetainLossKind.Kl, 1.0);
        var gd = new GradientDifference(new GdSettings { Retain = term });
        using var batch = FirstBatch(UnlearningFixtures.Data(40), gd);
        var ctx = new UnlearningContext(model, new SuspendedDeltaReference(model));
        Assert.Equal(0, term.Loss(ctx, batch, "test")!.item<float>(), 6);
        using (no_grad())
            foreach (var t in set.Tensors) t.Value.normal_(0, 0.5);
        Assert.True(term.Loss(ctx, batch, "test")!.item<float>() > 1e-4);
    }

    [Fact]
    public void RegistryKnowsEveryObjectiveAndRejectsUnknownNames()
    {
        foreach (var name in UnlearningObjectives.Names)
            Assert.Equal(name, UnlearningObjectives.Create(name).Name);
        var e = Assert.Throws<ArgumentException>(() => UnlearningObjectives.Create("simnpo"));
        Assert.Contains("npo", e.Message);
        Assert.False(UnlearningObjectives.Create("ga").UsesRetain);
        Assert.True(UnlearningObjectives.Create("dpo").UsesRefusals);
    }

    [Fact]
    public void InvalidSettingsAreRejectedNamingTheKey()
    {
        var e = Assert.Throws<ArgumentException>(() => UnlearningObjectives.Create("npo", new ObjectiveSettings { Npo = new NpoSettings { Beta = 0 } }));
        Assert.Contains("npo.beta", e.Message);
        e = Assert.Throws<ArgumentException>(() => UnlearningObjectives.Create("rmu", new ObjectiveSettings { Rmu = new RmuSettings { Alpha = -1 } }));
        Assert.Contains("rmu.alpha", e.Message);
        Assert.Equal(7, new RmuSettings().LayerFor(32)); // the RMU paper's layer 7 of 32
        Assert.Throws<ArgumentException>(() => new RmuSettings { Layer = 4 }.LayerFor(4));
    }
}
