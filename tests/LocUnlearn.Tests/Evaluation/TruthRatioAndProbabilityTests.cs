using LocUnlearn.Evaluation;

namespace LocUnlearn.Tests.Evaluation;

public class TruthRatioAndProbabilityTests
{
    [Fact]
    public void TruthRatioIsGeometricMeanOfNormalisedPerturbedOverCorrect()
    {
        // correct: P^(1/2) = e^-1; perturbed: e^-3 and (e^-4)^(1/2) = e^-2; geometric mean e^-2.5.
        var r = TruthRatio.Compute(new AnswerLogProb(-2, 2), new[] { new AnswerLogProb(-3, 1), new AnswerLogProb(-4, 2) });
        Assert.Equal(Math.Exp(-2.5) / Math.Exp(-1), r, 12);
    }

    [Fact]
    public void TruthRatioScoresAggregate()
    {
        Assert.Equal((0.5 + 0 + 1) / 3, TruthRatio.Score(new[] { 0.5, 2.0, 0.0 }), 12);
        Assert.Equal((0.5 + 0.5 + 1) / 3, TruthRatio.CloserToOneScore(new[] { 0.5, 2.0, 1.0 }), 12);
    }

    [Fact]
    public void ProbabilityOfAnswerIsExpMinusMeanCe()
    {
        Assert.Equal(Math.Exp(-0.75), Probability.OfAnswer(new AnswerLogProb(-3, 4)), 12);
    }

    [Fact]
    public void ProbabilityWithOptionsNormalisesLengthNormalisedProbabilities()
    {
        var p = Probability.WithOptions(new AnswerLogProb(-2, 2), new[] { new AnswerLogProb(-4, 2), new AnswerLogProb(-3, 1) });
        double a = Math.Exp(-1), b = Math.Exp(-2), c = Math.Exp(-3);
        Assert.Equal(a / (a + b + c), p, 12);
    }

    [Fact]
    public void ProbabilityWithOptionsSurvivesUnderflow()
    {
        var p = Probability.WithOptions(new AnswerLogProb(-5000, 5), new[] { new AnswerLogProb(-5000, 5), new AnswerLogProb(-1000, 1) });
        Assert.Equal(1.0 / 3.0, p, 12);
    }

    [Fact]
    public void ForgetQualityOfIdenticalDistributionsIsOneAndLogFloorIsDocumented()
    {
        var ratios = new[] { 0.3, 0.7, 1.1, 0.9 };
        var fq = ForgetQuality.Compute(ratios, ratios);
        Assert.Equal(1.0, fq.PValue);
        Assert.Equal(0.0, ForgetQuality.Log10(fq.PValue));
        Assert.Equal(Math.Log10(double.Epsilon), ForgetQuality.Log10(0.0));
        Assert.True(ForgetQuality.Log10(0.0) > -324);
    }

    [Fact]
    public void ForgetQualityIsInvariantToTheRatioOrientation()
    {
        var model = new[] { 0.2, 0.5, 0.6, 1.7, 2.5 };
        var retain = new[] { 0.9, 1.2, 1.3, 3.0, 4.0, 5.0 };
        var direct = ForgetQuality.Compute(model, retain);
        var reciprocal = ForgetQuality.Compute(model.Select(r => 1 / r).ToArray(), retain.Select(r => 1 / r).ToArray());
        Assert.Equal(direct.PValue, reciprocal.PValue, 12);
    }
}
