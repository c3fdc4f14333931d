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

    [Fact]
    public void TrainingStagesCostRowsTimesStepsTimesTheRowCost()
    {
        var c = Presets.Get("standard");
        double row = (TimeEstimate.RowSeconds + TimeEstimate.RowSecondsPerMParam * TimeEstimate.NonEmbeddingMParams(c.Model)) * c.Data.MaxLength / 64.0;
        Assert.Equal(row, TimeEstimate.FullRowSeconds(c), 12);
        Assert.Equal(1500 * 32 * row, TimeEstimate.Seconds(Job(JobKind.Pretrain), c), 6);
        Assert.Equal(2500 * (32 + c.RetainCorpusReplay) * row, TimeEstimate.Seconds(Job(JobKind.Retain), c), 6);
        // θo: 800 steps × (32 forget + 64 retain + 32 corpus rows) on the region, then one evaluation
        double evaluation = TimeEstimate.EvaluationSeconds(c);
        Assert.Equal(800 * 128 * row * TimeEstimate.RegionRowFactor + evaluation, TimeEstimate.Seconds(Job(JobKind.Inject), c), 6);
        // the reference: every parameter, plus θr's forward passes on the 96 replayed rows for its KL term
        Assert.Equal(800 * 128 * row + evaluation + 800 * 96 * row * TimeEstimate.ForwardRowFactor, TimeEstimate.Seconds(Job(JobKind.InjectFull), c), 6);
        var nll = c with { Inject = c.Inject with { FullReplayLoss = new RetainTerm(RetainLossKind.Nll, 3) } };
        Assert.Equal(800 * 128 * row + evaluation, TimeEstimate.Seconds(Job(JobKind.InjectFull), nll), 6);
        // a longer max_length scales the row cost
        var longer = c with { Data = c.Data with { MaxLength = 128 } };
        Assert.Equal(2 * row, TimeEstimate.FullRowSeconds(longer), 12);
    }

    [Fact]
    public void AnEvaluationCountsForgetRetainAndUtilityItemsOverPromptAndGeneratedTokens()
    {
        var c = Presets.Get("standard"); // 200 authors × 20 QA: forget10 = 400 items; utility = retain 400 + 100 + 117
        double perToken = TimeEstimate.TokenSeconds + TimeEstimate.TokenSecondsPerMParam * TimeEstimate.NonEmbeddingMParams(c.Model);
        Assert.Equal(400, TimeEstimate.ForgetItems(c));
        Assert.Equal((400 + 400 + 617) * (64 + 64) * perToken, TimeEstimate.EvaluationSeconds(c), 9);
        // quick caps every utility split at 40 items
        var q = Presets.Get("quick");
        double quickToken = TimeEstimate.TokenSeconds + TimeEstimate.TokenSecondsPerMParam * TimeEstimate.NonEmbeddingMParams(q.Model);
        Assert.Equal((40 + 80 + 40 + 40 + 40) * (64 + 32) * quickToken, TimeEstimate.EvaluationSeconds(q), 9);
    }

    [Fact]
    public void AnUnlearningRunCountsTheObjectivesBatchesAndItsCheckpointEvaluations()
    {
        var c = Presets.Get("standard");
        double region = TimeEstimate.FullRowSeconds(c) * TimeEstimate.RegionRowFactor, evaluation = TimeEstimate.EvaluationSeconds(c);
        int checkpoints = 100 / 20 + 1;
        // WGA reads forget and retain batches, no reference; NPO also π_ref's forward passes
        Assert.Equal(100 * 32 * region * 2 + checkpoints * evaluation, TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), c), 6);
        double npo = 100 * 32 * region * (2 + TimeEstimate.ForwardRowFactor / TimeEstimate.RegionRowFactor) + checkpoints * evaluation;
        Assert.Equal(npo, TimeEstimate.Seconds(Job(JobKind.UnlearnLocalized, "npo"), c), 6);
    }

    [Fact]
    public void AttackedArmsAddTheRelearningAttackOfExperimentD()
    {
        var c = Presets.Get("standard") with { Relearn = Presets.Get("standard").Relearn with { Enabled = true } };
        var t = c.Relearn.Training;
        double item = (64 + 64) * (TimeEstimate.TokenSeconds + TimeEstimate.TokenSecondsPerMParam * TimeEstimate.NonEmbeddingMParams(c.Model));
        // fine-tune with every parameter on half the forget items, ES of the other half before and after (400 items in all)
        double attack = t.Steps * t.BatchSize * TimeEstimate.FullRowSeconds(c) + 400 * item;
        Assert.Equal(attack, TimeEstimate.AttackSeconds(c), 9);
        Assert.Equal(attack, TimeEstimate.Seconds(Job(JobKind.Relearn), c), 9);
        var oracle = Job(JobKind.Unlearn, "wga") with { Region = Arm.Oracle };
        Assert.Equal(TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), c) + attack, TimeEstimate.Seconds(oracle, c), 6);
        var off = c with { Relearn = c.Relearn with { Enabled = false } };
        Assert.Equal(TimeEstimate.Seconds(Job(JobKind.Unlearn, "wga"), off), TimeEstimate.Seconds(oracle, off), 6);
    }

    [Fact]
    public void ThePlanSumsItsJobsPerKindAndPrintsATotal()
    {
        var c = Presets.Get("standard");
        var plan = Plan(c);
        var kinds = TimeEstimate.For(plan, c);
        Assert.Equal(plan.Jobs.Count, kinds.Sum(k => k.Jobs));
        var inject = kinds.Single(k => k.Kind == JobKind.Inject);
        Assert.Equal(c.Seeds, inject.Jobs);
        Assert.Equal(c.Seeds * TimeEstimate.Seconds(Job(JobKind.Inject), c), inject.Seconds, 6);
        var lines = TimeEstimate.Lines(plan, c);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("inject ") && l.Contains("5 ×"));
        Assert.Contains(TimeEstimate.Format(kinds.Sum(k => k.Seconds)), lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("does not apply"));
        Assert.Contains(TimeEstimate.Lines(Plan(Presets.Get("paper") with { Data = Presets.Get("paper").Data with { Path = "tofu" } }), Presets.Get("paper")),
            l => l.Contains("device cuda"));
    }

    [Theory]
    [InlineData(0.2, "<1 s")]
    [InlineData(12.4, "12 s")]
    [InlineData(250, "4 min 10 s")]
    [InlineData(3900, "1 h 05 min")]
    public void DurationsReadAsHoursMinutesOrSeconds(double seconds, string text) => Assert.Equal(text, TimeEstimate.Format(seconds));
}
