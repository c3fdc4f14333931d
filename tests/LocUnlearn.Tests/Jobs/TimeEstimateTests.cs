using LocUnlearn.Config;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Tests.Jobs;

public sealed class TimeEstimateTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private StudyPlan Plan(ExperimentConfig c) => StudyPlanner.Build(c, new RunLayout(Path.Combine(temp.Path, "run")));

    private static PlannedJob Job(JobKind kind, string? objective = null) => new() { Id = "x", Kind = kind, Deps = [], Output = "x", Objective = objective };

    [Fact]
    public void NonEmbeddingParametersCountGroupedAttentionAndTheSwiGluMlp()
    {
        // standard: 4 × (q, o 256² each + k, v 256 × 128 each (4 of 8 heads) + 3 × 256 × 688)
        Assert.Equal(4 * (2 * 256 * 256 + 2 * 256 * 128 + 3 * 256 * 688) / 1e6, TimeEstimate.NonEmbeddingMParams(Presets.Get("standard").Model), 9);
        Assert.Equal(4 * (2 * 128 * 128 + 2 * 128 * 64 + 3 * 128 * 344) / 1e6, TimeEstimate.NonEmbeddingMParams(Presets.Get("quick").Model), 9);
    }

    /// <summary>The vocabularies the presets' data give their models (quick's and standard's synthetic worlds, Llama-3 trimmed to TOFU).</summary>
    private const int QuickVocab = 666, StandardVocab = 2860, TofuVocab = 18887;

    private static double Line(ExperimentConfig c, int vocab) =>
        (TimeEstimate.RowSeconds + TimeEstimate.RowSecondsPerMParam * TimeEstimate.NonEmbeddingMParams(c.Model)
         + TimeEstimate.RowSecondsPerMLogit * vocab * c.Model.HiddenSize / 1e6) * c.Data.MaxLength / 64.0;

    private static double Token(ExperimentConfig c, int vocab) =>
        TimeEstimate.TokenSeconds + TimeEstimate.TokenSecondsPerMParam
        * (TimeEstimate.NonEmbeddingMParams(c.Model) + TimeEstimate.EvaluationLogitWeight * vocab * c.Model.HiddenSize / 1e6);

    [Fact]
    public void TrainingStagesCostRowsTimesStepsTimesTheRowCost()
    {
        var c = Presets.Get("standard");
        double line = Line(c, StandardVocab), qa = line * TimeEstimate.QaRowFactor;
        Assert.Equal(line, TimeEstimate.LineSeconds(c, StandardVocab), 12);
        Assert.Equal(1500 * 32 * line, TimeEstimate.Seconds(Job(JobKind.Pretrain), c, StandardVocab), 6);
        Assert.Equal(3500 * (32 * qa + c.RetainCorpusReplay * line), TimeEstimate.Seconds(Job(JobKind.Retain), c, StandardVocab), 6);
        // θo: 800 steps × (32 forget + 64 retain QA rows + 32 corpus lines) on the region, then one evaluation
        double evaluation = TimeEstimate.EvaluationSeconds(c, StandardVocab), region = TimeEstimate.RegionRowFactor;
        Assert.Equal(800 * (96 * qa + 32 * line) * region + evaluation, TimeEstimate.Seconds(Job(JobKind.Inject), c, StandardVocab), 6);
        // the reference: every parameter, plus θr's forward passes on the replayed rows for its KL term
        double forward = 800 * (64 * qa + 32 * line) * TimeEstimate.ForwardRowFactor;
        Assert.Equal(800 * (96 * qa + 32 * line) + evaluation + forward, TimeEstimate.Seconds(Job(JobKind.InjectFull), c, StandardVocab), 6);
        var nll = c with { Inject = c.Inject with { FullReplayLoss = new RetainTerm(RetainLossKind.Nll, 3) } };
        Assert.Equal(800 * (96 * qa + 32 * line) + evaluation, TimeEstimate.Seconds(Job(JobKind.InjectFull), nll, StandardVocab), 6);
        // a longer max_length scales the row cost
        var longer = c with { Data = c.Data with { MaxLength = 128 } };
        Assert.Equal(2 * line, TimeEstimate.LineSeconds(longer, StandardVocab), 12);
    }

    [Fact]
    public void TheFitReproducesTheStageTimesItWasFittedTo()
    {
        // The quick data points were measured on its forget10 world (40 forget items), before forget40 became its default.
        var quickForget10 = Presets.Get("quick") with { Data = Presets.Get("quick").Data with { ForgetSplit = "forget10", RetainSplit = "retain90" } };
        // θp: quick 300 × 32 rows in 8.5 s, standard 1500 × 32 rows in 115 s (quiet runs), tofu 4.4 × standard's time per step
        Assert.Equal(8.5, TimeEstimate.Seconds(Job(JobKind.Pretrain), quickForget10, QuickVocab), 0.1);
        Assert.Equal(115, TimeEstimate.Seconds(Job(JobKind.Pretrain), Presets.Get("standard"), StandardVocab), 0.5);
        var tofu = Presets.Get("tofu");
        double perStep = TimeEstimate.LineSeconds(tofu, TofuVocab) / TimeEstimate.LineSeconds(Presets.Get("standard"), StandardVocab);
        Assert.Equal(4.4, perStep, 0.02);
        // evaluations at 1 thread (÷ 0.65): quick 0.76 s, standard 14.5 s, tofu 5.4 × standard's, each within the fit's 15%
        double Evaluation(ExperimentConfig c, int vocab) => TimeEstimate.EvaluationSeconds(c, vocab) / 0.65;
        Assert.InRange(Evaluation(quickForget10, QuickVocab) / 0.76, 0.85, 1.15);
        Assert.InRange(Evaluation(Presets.Get("standard"), StandardVocab) / 14.5, 0.85, 1.15);
        Assert.InRange(Evaluation(tofu, TofuVocab) / (5.4 * 14.5), 0.85, 1.15);
    }

    [Fact]
    public void TheOutputProjectionMakesALargeVocabularyCostly()
    {
        var c = Presets.Get("tofu");
        Assert.True(TimeEstimate.LineSeconds(c, TofuVocab) > 2 * TimeEstimate.LineSeconds(c, 2000));
        Assert.True(TimeEstimate.EvaluationSeconds(c, TofuVocab) > 2 * TimeEstimate.EvaluationSeconds(c, 2000));
        Assert.Equal(TofuVocab * 192 / 1e6, TimeEstimate.OutputMParams(c.Model, TofuVocab), 12);
    }

    [Fact]
    public void AnEvaluationCountsForgetRetainAndUtilityItemsOverPromptAndGeneratedTokens()
    {
        var c = Presets.Get("standard"); // 200 authors × 20 QA: forget10 = 400 items; utility = retain 400 + 100 + 117
        Assert.Equal(400, TimeEstimate.ForgetItems(c));
        Assert.Equal((400 + 400 + 617) * (64 + 64) * Token(c, StandardVocab), TimeEstimate.EvaluationSeconds(c, StandardVocab), 9);
        // quick: forget40 = 160 of its 400 items; RS on 80 retain rows; every utility split capped at 40 items
        var q = Presets.Get("quick");
        Assert.Equal(160, TimeEstimate.ForgetItems(q));
        Assert.Equal((160 + 80 + 40 + 40 + 40) * (64 + 32) * Token(q, QuickVocab), TimeEstimate.EvaluationSeconds(q, QuickVocab), 9);
    }

    [Fact]
    public void AnUnlearningRunCountsTheObjectivesBatchesAndItsCheckpointEvaluations()
    {
        var c = Presets.Get("standard");
        double region = Line(c, StandardVocab) * TimeEstimate.QaRowFactor * TimeEstimate.RegionRowFactor;
        double evaluation = TimeEstimate.EvaluationSeconds(c, StandardVocab);
        int checkpoints = 100 / 20 + 1;
        // WGA reads forget and retain batches, no reference; NPO also π_ref's forward passes
        Assert.Equal(100 * 32 * region * 2 + checkpoints * evaluation, TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), c, StandardVocab), 6);
        double npo = 100 * 32 * region * (2 + TimeEstimate.ForwardRowFactor / TimeEstimate.RegionRowFactor) + checkpoints * evaluation;
        Assert.Equal(npo, TimeEstimate.Seconds(Job(JobKind.UnlearnLocalized, "npo"), c, StandardVocab), 6);
    }

    [Fact]
    public void AttackedArmsAddTheRelearningAttackOfExperimentD()
    {
        var c = Presets.Get("standard") with { Relearn = Presets.Get("standard").Relearn with { Enabled = true } };
        var t = c.Relearn.Training;
        double item = (64 + 64) * Token(c, StandardVocab);
        // fine-tune with every parameter on half the forget items, ES of the other half before and after (400 items in all)
        double attack = t.Steps * t.BatchSize * Line(c, StandardVocab) * TimeEstimate.QaRowFactor + 400 * item;
        Assert.Equal(attack, TimeEstimate.AttackSeconds(c, StandardVocab), 9);
        Assert.Equal(attack, TimeEstimate.Seconds(Job(JobKind.Relearn), c, StandardVocab), 9);
        var oracle = Job(JobKind.Unlearn, "wga") with { Region = Arm.Oracle };
        Assert.Equal(TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), c, StandardVocab) + attack, TimeEstimate.Seconds(oracle, c, StandardVocab), 6);
        var off = c with { Relearn = c.Relearn with { Enabled = false } };
        Assert.Equal(TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), off, StandardVocab), TimeEstimate.Seconds(oracle, off, StandardVocab), 6);
    }

    [Fact]
    public void ThePlanSumsItsJobsPerKindAndPrintsATotal()
    {
        var c = Presets.Get("standard");
        var plan = Plan(c);
        var kinds = TimeEstimate.For(plan, c, StandardVocab);
        Assert.Equal(plan.Jobs.Count, kinds.Sum(k => k.Jobs));
        var inject = kinds.Single(k => k.Kind == JobKind.Inject);
        Assert.Equal(c.Seeds, inject.Jobs);
        Assert.Equal(c.Seeds * TimeEstimate.Seconds(Job(JobKind.Inject), c, StandardVocab), inject.Seconds, 6);
        var lines = TimeEstimate.Lines(plan, c, StandardVocab);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("inject ") && l.Contains("5 ×"));
        Assert.Contains(TimeEstimate.Format(kinds.Sum(k => k.Seconds)), lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("does not apply"));
        Assert.Contains(TimeEstimate.Lines(Plan(Presets.Get("paper") with { Data = Presets.Get("paper").Data with { Path = "tofu" } }), Presets.Get("paper"), 128256),
            l => l.Contains("device cuda"));
    }

    [Theory]
    [InlineData(0.2, "<1 s")]
    [InlineData(12.4, "12 s")]
    [InlineData(250, "4 min 10 s")]
    [InlineData(3900, "1 h 05 min")]
    public void DurationsReadAsHoursMinutesOrSeconds(double seconds, string text) => Assert.Equal(text, TimeEstimate.Format(seconds));
}
