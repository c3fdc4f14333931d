using LocUnlearn.Data;
using LocUnlearn.Localization;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using LocUnlearn.Tests.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Localization;

/// <summary>
/// The localizers' options named after their references (docs/localization.md): MemFlex's retain corruption and
/// magnitude rule, WAGLE's gradient reduction. Hand-built statistics where the options give different, known rankings,
/// and a tiny random model where each option must feed the documented data into the documented formula.
/// </summary>
public class LocalizerOptionsTests
{
    private const int Vocab = 40;

    // Two layers of three value vectors: mag 1..6, cos chosen so that the median rule (global median 3.5) and a fixed
    // σ = 1.5 locate different vectors. r = mag·(1 - cos) = [2, 1, 1.5 | 2, 0.25, 3], so max r = 3.
    private static readonly float[][] Mag = [[1, 2, 3], [4, 5, 6]];
    private static readonly float[][] Cos = [[-1, 0.5f, 0.5f], [0.5f, 0.95f, 0.5f]];

    [Fact]
    public void MemFlexMedianRuleLocatesAboveTheMedianOverAllValueVectors()
    {
        // Located: mag > 3.5 and cos < 0.92 → (1,0) and (1,2); (1,1) has cos 0.95. A per-layer median (2 and 5) would
        // locate (0,2) and not (1,0).
        var scores = MemFlexLocalizer.Combine(Cos, Mag, new MemFlexSettings());
        AssertScores([[0.5f * 2 / 3, 0.5f * 1 / 3, 0.5f * 1.5f / 3], [1 + 4f / 6, 0.5f * 0.25f / 3, 2]], scores);
        Assert.Equal(["1:2", "1:0", "0:0"], Top(scores, 3));
    }

    [Fact]
    public void MemFlexFixedRuleLocatesAboveSigmaAndRanksDifferently()
    {
        // σ = 1.5 also locates (0,1) and (0,2), which now rank above (0,0), the third under the median rule.
        var settings = new MemFlexSettings { MagnitudeRule = MagnitudeRule.Fixed, MagnitudeThreshold = 1.5 };
        var scores = MemFlexLocalizer.Combine(Cos, Mag, settings);
        AssertScores([[0.5f * 2 / 3, 1 + 2f / 6, 1 + 3f / 6], [1 + 4f / 6, 0.5f * 0.25f / 3, 2]], scores);
        Assert.Equal(["1:2", "1:0", "0:2"], Top(scores, 3));
    }

    [Fact]
    public void MemFlexColumnStatisticsAreTheCosineAndTheMeanAbsoluteForgetGradientPerColumn()
    {
        // (hidden 2, intermediate 2): column 0 g_f = g_r = (3, 4): cos 1, mag 3.5; column 1 g_f = (1, 0), g_r = (0, -1):
        // cos 0, mag 0.5.
        using var gf = tensor(new float[] { 3, 1, 4, 0 }, [2, 2]);
        using var gr = tensor(new float[] { 3, 0, 4, -1 }, [2, 2]);
        var (cos, mag) = MemFlexLocalizer.ColumnStatistics([gf], [gr]);
        AssertScores([[1, 0]], cos);
        AssertScores([[3.5f, 0.5f]], mag);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MemFlexRetainGradientIsTakenOnCorruptedOrCleanAnswersAsSet(bool retainCorrupted)
    {
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab), seed: 4);
        var inputs = Inputs(model, seed: 6);
        var settings = new MemFlexSettings { RetainCorrupted = retainCorrupted };
        var actual = new MemFlexLocalizer(settings).Score(inputs).Scores;

        var forget = MemFlexLocalizer.Corrupt(inputs.Forget, Vocab, 0.5, 6, MemFlexLocalizer.ForgetStream);
        var corrupted = MemFlexLocalizer.Corrupt(inputs.Retain, Vocab, 0.5, 6, MemFlexLocalizer.RetainStream);
        Assert.Equal(ExpectedMemFlex(inputs, forget, retainCorrupted ? corrupted : inputs.Retain, settings), actual);
        Assert.NotEqual(ExpectedMemFlex(inputs, forget, retainCorrupted ? inputs.Retain : corrupted, settings), actual);
    }

    [Fact]
    public void WagleColumnScoresFollowTheFormulaAndTheReductionFlipsTheRanking()
    {
        // hidden 1, two value vectors: θ = (1, 0), mean ∇ℓ_f = (1, 1), mean ∇ℓ_r = (0, 0.5), μ = 1, |D_f| = 4.
        // mean: S = (|1·1|, |(0 - 0.5)·1|) = (1, 0.5); sum: S = (|1·4|, |(0 - 2)·4|) = (4, 8).
        using var theta = tensor(new float[] { 1, 0 }, [1, 2]);
        using var gf = tensor(new float[] { 1, 1 }, [1, 2]);
        using var gr = tensor(new float[] { 0, 0.5f }, [1, 2]);
        float[] Scores(GradientReduction reduction)
        {
            double n = WagleLocalizer.ReductionFactor(reduction, forgetItems: 4);
            using var f = gf * n;
            using var r = gr * n;
            return WagleLocalizer.ColumnScores(theta, f, r, mu: 1);
        }
        Assert.Equal([1f, 0.5f], Scores(GradientReduction.Mean));
        Assert.Equal([4f, 8f], Scores(GradientReduction.Sum));
    }

    [Fact]
    public void WagleSumIsTheMeanScaledByTheForgetCountWithMuDividedByIt()
    {
        // S_sum(μ) = n·|(θ - n·ḡ_r/μ) ⊙ ḡ_f| = n·S_mean(μ/n), n = |D_f| (6 here; the retain set has 10 items, so using
        // the retain count, or scaling only one gradient, breaks the identity). μ balances θ against ḡ_r/μ under the
        // mean, so the sum's 6x heavier retain term moves the top 10%.
        using var model = TinyModels.Create(TinyModels.Config(vocab: Vocab), seed: 4);
        var inputs = Inputs(model, seed: 6);
        double mu = BalancingMu(inputs);
        int n = inputs.Forget.Count;
        var sum = new WagleLocalizer(new WagleSettings { Mu = mu, GradientReduction = GradientReduction.Sum }).Score(inputs);
        var meanAtMuOverN = new WagleLocalizer(new WagleSettings { Mu = mu / n, GradientReduction = GradientReduction.Mean }).Score(inputs);
        var mean = new WagleLocalizer(new WagleSettings { Mu = mu, GradientReduction = GradientReduction.Mean }).Score(inputs);
        for (int l = 0; l < sum.Scores.Length; l++)
            for (int i = 0; i < sum.Scores[l].Length; i++)
                Assert.Equal(n * meanAtMuOverN.Scores[l][i], sum.Scores[l][i], 1e-4 * Math.Max(1, Math.Abs(sum.Scores[l][i])));
        Assert.False(sum.Top(0.1).SetEquals(mean.Top(0.1)), "the reduction should move WAGLE's top 10% when μ balances θ and ∇ℓ_r/μ");
    }

    [Fact]
    public void DescribeNamesTheActiveSettings()
    {
        var defaults = new LocalizerSettings();
        Assert.Equal("MemFlex: 50% of answer tokens replaced, retain gradient on corrupted labels like the forget gradient, " +
                     "located when cos < 0.92 and mean |g_f| above the median over all value vectors", defaults.Describe("memflex"));
        Assert.Equal("WAGLE: S = |(θ − ∇ℓ_r/μ) ⊙ ∇ℓ_f| with μ = 0.001, gradients summed over the forget items", defaults.Describe("wagle"));
        var other = new LocalizerSettings
        {
            MemFlex = new MemFlexSettings { RetainCorrupted = false, MagnitudeRule = MagnitudeRule.Fixed, MagnitudeThreshold = 6e-4 },
            Wagle = new WagleSettings { GradientReduction = GradientReduction.Mean },
        };
        Assert.Contains("retain gradient on clean labels", other.Describe("memflex"));
        Assert.Contains("above σ = 0.0006", other.Describe("memflex"));
        Assert.EndsWith("gradients averaged over the items", other.Describe("wagle"));
        foreach (var name in Localizers.Names)
            Assert.StartsWith(Localizers.DisplayName(name), defaults.Describe(name));
        Assert.Throws<ArgumentException>(() => defaults.Describe("causal-tracing"));
    }

    private static LocalizationInputs Inputs(LlamaForCausalLM model, long seed) =>
        new(model, UnlearningFixtures.Examples(6, Vocab, seed: 31), UnlearningFixtures.Examples(10, Vocab, seed: 32),
            UnlearningFixtures.Collator, BatchSize: 4, Seed: seed);

    private static float[][] ExpectedMemFlex(LocalizationInputs inputs, IReadOnlyList<EncodedExample> forget,
        IReadOnlyList<EncodedExample> retain, MemFlexSettings settings)
    {
        var gf = DownProjGradients.Mean(inputs.Model, inputs.Batches(forget), forget.Count);
        var gr = DownProjGradients.Mean(inputs.Model, inputs.Batches(retain), retain.Count);
        try
        {
            var (cos, mag) = MemFlexLocalizer.ColumnStatistics(gf, gr);
            return MemFlexLocalizer.Combine(cos, mag, settings);
        }
        finally
        {
            foreach (var t in gf.Concat(gr)) t.Dispose();
        }
    }

    /// <summary>mean |ḡ_r| / mean |θ| over all down_proj weights: the μ at which θ and ḡ_r/μ are of one size.</summary>
    private static double BalancingMu(LocalizationInputs inputs)
    {
        var gr = DownProjGradients.Mean(inputs.Model, inputs.Batches(inputs.Retain), inputs.Retain.Count);
        try
        {
            using var scope = NewDisposeScope();
            double theta = inputs.Model.DownProjWeights.Average(w => w.detach().abs().mean().item<float>());
            double grad = gr.Average(g => g.abs().mean().item<float>());
            return grad / theta;
        }
        finally
        {
            foreach (var g in gr) g.Dispose();
        }
    }

    private static string[] Top(float[][] scores, int count) =>
        new ValueVectorScores("test", scores).TopCount(count).Vectors.OrderByDescending(v => scores[v.Layer][v.Neuron])
            .Select(v => $"{v.Layer}:{v.Neuron}").ToArray();

    private static void AssertScores(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int l = 0; l < expected.Length; l++)
        {
            Assert.Equal(expected[l].Length, actual[l].Length);
            for (int i = 0; i < expected[l].Length; i++)
                Assert.Equal(expected[l][i], actual[l][i], 1e-6f);
        }
    }
}
