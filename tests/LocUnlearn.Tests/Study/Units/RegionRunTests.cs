using LocUnlearn.Common.Progress;
using LocUnlearn.Evaluation;
using LocUnlearn.Regions;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;
using LocUnlearn.Tests.Model;
using LocUnlearn.Tests.Unlearning;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Study.Units;

/// <summary>The one run unit: every kind of run gets the same record, the same failure record and the same invariant check.</summary>
public sealed class RegionRunTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private RegionRunSpec Spec(RunKind kind) => new()
    {
        Kind = kind, Arm = kind == RunKind.Reconstruct ? Arm.ReconstructionRandom(0) : Arm.Oracle, Seed = 3,
        Dir = Path.Combine(temp.Path, kind.ToString()), Fingerprint = "fp",
        Region = RegionSampler.UniformGlobal(new RegionShape(2, 24), 0.25, seed: 4), RegionSize = 12,
        Settings = new UnlearningRunSettings
        {
            Training = new TrainingConfig { Steps = 4, BatchSize = 2, LearningRate = 1e-2 }, EvalEvery = 2, CommitToModel = false,
        },
        Label = "test run",
    };

    private static TradeOffPoint Score(int step, LocUnlearn.Model.LlamaForCausalLM model) => new(0.1 * step, 1 - 0.05 * step, -step, 0.5);

    [Fact]
    public void WritesOneRecordWithTheTrajectoryAndItsTradeOff()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var spec = Spec(RunKind.Unlearn);

        var result = RegionRun.Execute(spec, model, new GradientAscent(), UnlearningFixtures.Data(40), UnlearningFixtures.Collator, Score,
            NullProgressSink.Instance);

        Assert.True(result.Ok);
        Assert.Equal([0, 2, 4], result.Trajectory.Select(c => c.Step));
        Assert.Equal(Aues.Compute(result.Trajectory.Points()), result.Aues);
        Assert.Equal(0, result.Mu95); // every checkpoint keeps MU, and θo (step 0) has the best log10 FQ
        Assert.False(result.Mu95FromThetaO);
        Assert.Equal(2, result.Mu95QualifyingCheckpoints);
        Assert.True(result.Invariant!.Holds);
        Assert.Equal(result, RunStore.Read(spec.Dir), RunResultComparer.Instance);
    }

    [Fact]
    public void Mu95FromThetaOAloneIsRecorded()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        // MU drops below 0.95·MU(θo) at every unlearned checkpoint, so MU95 can only be θo's log10 FQ.
        TradeOffPoint Collapsing(int step, LocUnlearn.Model.LlamaForCausalLM m) => new(0.1 * step, 0.9, -10 + step, step == 0 ? 0.5 : 0.47);

        var result = RegionRun.Execute(Spec(RunKind.Unlearn), model, new GradientAscent(), UnlearningFixtures.Data(40), UnlearningFixtures.Collator,
            Collapsing, NullProgressSink.Instance);

        Assert.Equal(-10, result.Mu95);
        Assert.True(result.Mu95FromThetaO);
        Assert.Equal(0, result.Mu95QualifyingCheckpoints);
    }

    [Fact]
    public void TheLayerMeasureIsTakenOnThetaOAndOnTheFinalWeights()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var spec = Spec(RunKind.Reconstruct);
        double thetaOLogits = LogitSum(model);
        var measured = new List<double>();
        // The sum of the logits on a fixed input tells θo (before any step) from the trained weights (the region's deltas
        // act in the forward pass).
        double[] Measure(LocUnlearn.Model.LlamaForCausalLM m)
        {
            measured.Add(LogitSum(m));
            return [measured.Count, measured[^1]];
        }

        var result = RegionRun.Execute(spec, model, new GradientAscent(), UnlearningFixtures.Data(40), UnlearningFixtures.Collator, Score,
            NullProgressSink.Instance, Measure);

        Assert.Equal(2, measured.Count);
        Assert.Equal([1, thetaOLogits], result.InitialLayerResiduals);
        Assert.Equal(2, result.FinalLayerResiduals![0]);
        Assert.NotEqual(thetaOLogits, result.FinalLayerResiduals[1]);
        var read = RunStore.Read(spec.Dir)!;
        Assert.Equal(result.InitialLayerResiduals, read.InitialLayerResiduals);
        Assert.Equal(result.FinalLayerResiduals, read.FinalLayerResiduals);
    }

    private static double LogitSum(LocUnlearn.Model.LlamaForCausalLM m)
    {
        using var _ = no_grad();
        using var logits = m.forward(TinyModels.Ids([1, 5, 9, 3]));
        return logits.sum().item<float>();
    }

    [Theory]
    [InlineData(RunKind.Unlearn)]
    [InlineData(RunKind.Reconstruct)]
    public void AChangeOutsideTheRegionFailsTheRunForEveryKindAndWritesNoRecord(RunKind kind)
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var spec = Spec(kind);
        // A bug that touches a frozen weight at the end of the run (here: the final-step measurement) must not pass.
        double[] Tamper(LocUnlearn.Model.LlamaForCausalLM m)
        {
            using (no_grad()) m.DownProjWeights[0].add_(1e-3);
            return [];
        }

        var e = Assert.Throws<InvalidOperationException>(() => RegionRun.Execute(spec, model, new GradientAscent(), UnlearningFixtures.Data(40),
            UnlearningFixtures.Collator, Score, NullProgressSink.Instance, Tamper));

        Assert.Contains("outside the region", e.Message);
        Assert.Null(RunStore.Read(spec.Dir));
    }

    [Theory]
    [InlineData(RunKind.Unlearn)]
    [InlineData(RunKind.Localized)]
    [InlineData(RunKind.Reconstruct)]
    public void ANonFiniteLossGivesTheSameFailedRecordForEveryKind(RunKind kind)
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var spec = Spec(kind);

        var result = RegionRun.Execute(spec, model, new DivergingObjective(), UnlearningFixtures.Data(40), UnlearningFixtures.Collator, Score,
            NullProgressSink.Instance);

        Assert.False(result.Ok);
        Assert.Equal(RunResult.FailedStatus, result.Status);
        Assert.Equal((kind, spec.Arm, 3L, 12L), (result.Kind, result.Region, result.Seed, result.RegionSize));
        Assert.Contains("loss", result.Error);
        Assert.Equal(result.Error, RunStore.Read(spec.Dir)!.Error);
    }

    /// <summary>GA whose loss turns NaN at the second step, as a diverging run's would.</summary>
    private sealed class DivergingObjective : IUnlearningObjective
    {
        private readonly GradientAscent ga = new();
        private int calls;

        public string Name => "diverging";
        public bool UsesRetain => false;
        public bool UsesRefusals => false;
        public bool UsesReference => false;

        public Tensor Loss(UnlearningContext ctx, UnlearningBatch batch) =>
            ++calls < 2 ? ga.Loss(ctx, batch) : ga.Loss(ctx, batch) * double.NaN;
    }

    /// <summary>Records compare by value, lists included.</summary>
    private sealed class RunResultComparer : IEqualityComparer<RunResult?>
    {
        public static readonly RunResultComparer Instance = new();

        public bool Equals(RunResult? a, RunResult? b) =>
            a is not null && b is not null && a.Trajectory.SequenceEqual(b.Trajectory) && a.Aues == b.Aues && a.Mu95 == b.Mu95
            && a.Kind == b.Kind && a.Region == b.Region && a.Invariant!.Holds == b.Invariant!.Holds;

        public int GetHashCode(RunResult? r) => 0;
    }
}
