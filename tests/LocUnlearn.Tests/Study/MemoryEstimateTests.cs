using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Tests.Study;

public sealed class MemoryEstimateTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    /// <summary>TinyModels' shape (hidden 16, MLP 24, 2 layers, 4 heads of 4, 2 kv heads, vocab 40, untied): 5,200 parameters.</summary>
    private static ExperimentConfig Config(WeightDtype dtype = WeightDtype.Float32) => new()
    {
        Data = new DataConfig { MaxLength = 10 },
        Model = new ModelConfig { Dtype = dtype },
        Pretrain = new TrainingConfig { BatchSize = 4 },
        Retain = new RetainConfig { BatchSize = 3 },
        RetainCorpusReplay = 1,
        Inject = new InjectConfig { Training = new TrainingConfig { BatchSize = 2 }, RetainReplay = 1, Fraction = 0.25 },
        Unlearn = new UnlearnConfig { Objectives = ["npo"], Training = new TrainingConfig { BatchSize = 2 } },
        Reconstruction = new ReconstructionConfig { Training = new TrainingConfig { BatchSize = 5 } },
        Evaluation = new EvaluationConfig { BatchSize = 6, MaxNewTokens = 4 },
    };

    [Theory]
    [InlineData(Architecture.Llama, false, 2, false)]
    [InlineData(Architecture.Llama, true, 4, false)]
    [InlineData(Architecture.Llama, false, 1, true)]
    [InlineData(Architecture.Olmo2, false, 2, false)]
    public void ParameterCountMatchesTheModel(Architecture arch, bool tied, int kvHeads, bool bias)
    {
        var config = TinyModels.Config(arch, tied, kvHeads, bias: bias);
        using var model = new LlamaForCausalLM(config);

        Assert.Equal(model.parameters().Sum(p => p.numel()), MemoryEstimate.ParameterCount(config));
    }

    [Fact]
    public void EstimateOfATinyRunMatchesTheHandCount()
    {
        var estimate = MemoryEstimate.For(Config(), TinyModels.Config());

        // Per row of 10 tokens: activations 10·2 layers·4 B·(32·16 + 5·24) = 50,560, logits 10·40·4 B·4 copies = 6,400.
        const long perRow = 50_560 + 6_400, weights = 5_200 * 4, fullState = 5_200 * (4 + 8);
        const long region = 12 * 16 * 20; // round(0.25 · 48) value vectors × 16 values × 20 B
        const long evaluation = 2 * weights + 6 * 10 * 40 * 4 * 3 + 6 * 14 * 2 * 2 * 2 * 4 * 4; // models, logits, KV cache
        var expected = new Dictionary<string, long>
        {
            ["stage pretrain"] = weights + fullState + 4 * perRow,
            ["stage retain"] = weights + fullState + (3 + 1) * perRow,
            ["stage inject-full"] = weights + fullState + (2 + 1) * perRow,
            ["stage inject"] = weights + region + (2 + 1) * perRow,
            ["unlearning runs"] = weights + region + 2 * 2 * perRow, // θo only; NPO: a forget and a retain pass
            ["reconstruction"] = 2 * weights + region + 5 * perRow, // θo and θr as the frozen reference
            ["evaluation"] = evaluation,
        };
        Assert.Equal(expected, estimate.Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes));
        Assert.Equal("reconstruction", estimate.Peak.Name);
        Assert.Equal(330_240 + MemoryEstimate.RuntimeBytes, estimate.Peak.Bytes);
        Assert.Equal(3_840, estimate.Components.Single(c => c.Name == "region state").Bytes);
    }

    [Fact]
    public void InjectionPhasesCountTheReplayedCorpusRowsAndAKlReplayAddsAθrCopyToTheFullReferenceOnly()
    {
        var kl = new RetainTerm(RetainLossKind.Kl, 2);
        var config = Config() with { Inject = Config().Inject with { CorpusReplay = 3, ReplayLoss = kl, FullReplayLoss = kl } };
        var phases = MemoryEstimate.For(config, TinyModels.Config()).Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes);

        const long perRow = 50_560 + 6_400, weights = 5_200 * 4, fullState = 5_200 * (4 + 8), region = 12 * 16 * 20;
        // 2 forget rows + 1 retain row + 3 corpus rows; the region run reads π_θr with its deltas suspended (no copy).
        Assert.Equal(weights + region + (2 + 1 + 3) * perRow, phases["stage inject"]);
        Assert.Equal(weights + fullState + (2 + 1 + 3) * perRow + weights, phases["stage inject-full"]);
        var nllTerm = new RetainTerm(RetainLossKind.Nll, 2);
        var nll = config with { Inject = config.Inject with { ReplayLoss = nllTerm, FullReplayLoss = nllTerm } };
        Assert.Equal(weights + fullState + (2 + 1 + 3) * perRow,
            MemoryEstimate.For(nll, TinyModels.Config()).Phases.Single(p => p.Name == "stage inject-full").Bytes - MemoryEstimate.RuntimeBytes);
        // The reference's own KL term (full_replay_loss) holds the copy whatever θo's replay term is (NLL here).
        var klFullOnly = nll with { Inject = nll.Inject with { FullReplayLoss = new RetainTerm(RetainLossKind.Kl, 3) } };
        var klPhases = MemoryEstimate.For(klFullOnly, TinyModels.Config()).Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes);
        Assert.Equal(weights + fullState + (2 + 1 + 3) * perRow + weights, klPhases["stage inject-full"]);
        Assert.Equal(weights + region + (2 + 1 + 3) * perRow, klPhases["stage inject"]);
    }

    [Fact]
    public void Bfloat16HalvesWeightsAndActivationsAndAddsAnFp32MasterToFullParameterStages()
    {
        var estimate = MemoryEstimate.For(Config(WeightDtype.Bfloat16) with { Unlearn = Config().Unlearn with { Objectives = ["dpo"] } }, TinyModels.Config());
        var phases = estimate.Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes);

        Assert.Equal(5_200 * 2 + 5_200 * (2 + 8 + 4) + 4 * (50_560 / 2 + 6_400), phases["stage pretrain"]);
        // DPO: forget, refusal and retain passes.
        Assert.Equal(5_200 * 2 + 3_840 + 2 * 3 * (50_560 / 2 + 6_400), phases["unlearning runs"]);
    }

    [Fact]
    public void CheckpointingKeepsLayerInputsAndOneLayerAndTheEightBitOptimizerTwoBytesPerParameter()
    {
        var c = Config(WeightDtype.Bfloat16);
        var switched = c with
        {
            Retain = c.Retain with { ActivationCheckpointing = true, Optimizer = OptimizerKind.AdamW8bit },
            Unlearn = c.Unlearn with { Training = c.Unlearn.Training with { ActivationCheckpointing = true } },
        };
        var estimate = MemoryEstimate.For(switched, TinyModels.Config());
        var phases = estimate.Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes);

        // Per row of 10 bf16 tokens: the inputs of 2 layers 10·2·16·2 B = 640, one layer's activations 10·(32·16 + 5·24)·2 B
        // = 12,640 (plain: both layers', 25,280); logits 6,400 as before.
        const long checkpointedRow = 640 + 12_640 + 6_400, plainRow = 25_280 + 6_400;
        // 8-bit AdamW: bf16 gradient 2 B + two 1-byte moments per parameter, 2 × 4 B per block of 256 (21 blocks).
        Assert.Equal(5_200 * 2 + 5_200 * (2 + 2) + 21 * 8 + (3 + 1) * checkpointedRow, phases["stage retain"]);
        Assert.Equal(5_200 * 2 + 3_840 + 2 * 2 * checkpointedRow, phases["unlearning runs"]);
        Assert.Equal(5_200 * 2 + 5_200 * (2 + 8 + 4) + 4 * plainRow, phases["stage pretrain"]); // switches are per block
        Assert.Equal(5_200 * (2 + 8 + 4), estimate.Components.Single(l => l.Name == "full-parameter state").Bytes); // the largest
    }

    [Fact]
    public void AFullParameterPhaseHoldsTheLargerOfItsTrainingPassAndItsOptimizerStep()
    {
        // One checkpointed row of 2 bf16 tokens: 2·(2·16 + 632)·2 B + 2·40·16 B = 3,936 bytes for the pass, less than
        // the step's temporaries for the largest tensor (lm_head, 40 × 16 = 640 values).
        var c = Config(WeightDtype.Bfloat16) with { Data = new DataConfig { MaxLength = 2 }, RetainCorpusReplay = 0 };
        c = c with { Retain = c.Retain with { BatchSize = 1, ActivationCheckpointing = true } };
        long Retain(ExperimentConfig config) => MemoryEstimate.For(config, TinyModels.Config()).Phases
            .Single(p => p.Name == "stage retain").Bytes - MemoryEstimate.RuntimeBytes;

        // AdamW: an fp32 gradient copy and the fp32 denominator of one tensor.
        Assert.Equal(5_200 * 2 + 5_200 * (2 + 8 + 4) + 640 * (4 + 4), Retain(c));
        // AdamW8bit: one chunk (here the whole tensor) at 40 bytes per value.
        Assert.Equal(5_200 * 2 + 5_200 * (2 + 2) + 21 * 8 + 640 * 40, Retain(c with { Retain = c.Retain with { Optimizer = OptimizerKind.AdamW8bit } }));
    }

    [Fact]
    public void ARunThatDoesNotFitIsRefusedWithTheNumbersAndTheFixes()
    {
        var estimate = MemoryEstimate.For(Config(), TinyModels.Config());
        long peak = estimate.Peak.Bytes;

        var e = Assert.Throws<MemoryCheckException>(() => MemoryCheck.Verify(estimate, peak - 1, "MemAvailable, /proc/meminfo", WeightDtype.Float32));
        Assert.Contains(MemoryEstimate.Format(peak), e.Message);
        Assert.Contains(MemoryEstimate.Format(peak - 1), e.Message);
        Assert.Contains("reconstruction.training.batch_size", e.Message);
        Assert.Contains("bfloat16", e.Message);
        Assert.Contains("more memory", e.Message);
        Assert.Contains("\"memory_check\": false", e.Message);
        Assert.DoesNotContain("bfloat16", Assert.Throws<MemoryCheckException>(() => MemoryCheck.Verify(estimate, 1, "x", WeightDtype.Bfloat16)).Message);

        MemoryCheck.Verify(estimate, peak, "MemAvailable", WeightDtype.Float32);
        MemoryCheck.Verify(estimate, null, "no CUDA memory query", WeightDtype.Float32); // unknown: not checked
    }

    [Fact]
    public void AvailableMemoryIsMemAvailable()
    {
        const string meminfo = "MemTotal:       24683620 kB\nMemFree:         1000000 kB\nMemAvailable:   23213548 kB\nBuffers: 1 kB\n";

        Assert.Equal(23_213_548L * 1024, MemoryCheck.MemAvailable(meminfo));
        Assert.Null(MemoryCheck.MemAvailable("MemTotal: 1 kB\n"));
        var (bytes, source) = MemoryCheck.Available(TorchSharp.torch.CPU);
        Assert.True(bytes > 0, source);
    }

    [Fact]
    public void AvailableMemoryIsTheTighterOfMemAvailableAndTheCgroupHeadroom()
    {
        var cgroup = new CgroupHeadroom(1_000, "/sys/fs/cgroup/job/memory.max − working set");

        Assert.Equal((1_000L, cgroup.Source), MemoryCheck.Tighter(5_000, cgroup));
        Assert.Equal((800L, "MemAvailable, /proc/meminfo"), MemoryCheck.Tighter(800, cgroup));
        Assert.Equal((800L, "MemAvailable, /proc/meminfo"), MemoryCheck.Tighter(800, null));
        Assert.Equal((1_000L, cgroup.Source), MemoryCheck.Tighter(null, cgroup));
        Assert.Null(MemoryCheck.Tighter(null, null).Bytes);
    }

    [Fact]
    public void AJobsEstimateKeepsOnlyThePhasesItRuns()
    {
        var estimate = MemoryEstimate.For(Config(), TinyModels.Config());

        var unlearn = estimate.Only([MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase])!;
        Assert.Equal([MemoryEstimate.UnlearningPhase, MemoryEstimate.EvaluationPhase], unlearn.Phases.Select(p => p.Name)); // in the estimate's order
        Assert.Equal(unlearn.Phases.Max(p => p.Bytes), unlearn.Peak.Bytes);
        Assert.True(unlearn.Peak.Bytes < estimate.Peak.Bytes); // the whole run's peak is the reconstruction
        Assert.Equal(estimate.Components, unlearn.Components);
        Assert.Null(estimate.Only(["no such phase"]));
    }

    [Fact]
    public void EveryJobKindNamesPhasesTheEstimateHas()
    {
        var names = MemoryEstimate.For(Config() with { Relearn = new RelearnConfig { Enabled = true } }, TinyModels.Config()).Phases
            .Select(p => p.Name).ToHashSet();

        foreach (var kind in LocUnlearn.Jobs.JobKinds.InOrder)
            Assert.All(LocUnlearn.Jobs.JobMemoryPhases.Of(kind), phase => Assert.Contains(phase, names));
        Assert.Empty(LocUnlearn.Jobs.JobMemoryPhases.Of(LocUnlearn.Jobs.JobKind.Report));
        // A retain job evaluates θr's fit after training it, or alone when θr is given.
        Assert.Equal(["stage retain", "evaluation"], LocUnlearn.Jobs.JobMemoryPhases.Of(LocUnlearn.Jobs.JobKind.Retain));
        Assert.Contains(MemoryEstimate.RelearningPhase, LocUnlearn.Jobs.JobMemoryPhases.Of(LocUnlearn.Jobs.JobKind.Unlearn));
    }

    [Fact]
    public void AGivenThetaRTrainsNeitherThetaRNorThetaP()
    {
        var c = Config();
        var estimate = MemoryEstimate.For(c with { Retain = c.Retain with { ModelPath = "/given/theta-r" } }, TinyModels.Config());

        Assert.Equal(["stage inject-full", "stage inject", "unlearning runs", "reconstruction", "evaluation"], estimate.Phases.Select(p => p.Name));
        Assert.Contains("(inject-full)", estimate.Components.Single(l => l.Name == "full-parameter state").Detail);
    }

    [Fact]
    public void TheRelearningAttackHoldsThetaOItsRegionAndTheAttackedCopyWithItsState()
    {
        var c = Config() with { Relearn = new RelearnConfig { Enabled = true, Training = new TrainingConfig { BatchSize = 2 } } };
        var phases = MemoryEstimate.For(c, TinyModels.Config()).Phases.ToDictionary(p => p.Name, p => p.Bytes - MemoryEstimate.RuntimeBytes);

        // θo 20,800 + region 3,840 + the copy 20,800 + AdamW state 62,400 + 2 rows of 56,960 (more than the step's 640 × 4 B).
        Assert.Equal(2 * 5_200 * 4 + 3_840 + 5_200 * 12 + 2 * (50_560 + 6_400), phases[MemoryEstimate.RelearningPhase]);
        var eightBit = c with { Relearn = c.Relearn with { Training = c.Relearn.Training with { Optimizer = OptimizerKind.AdamW8bit } } };
        Assert.Equal(2 * 5_200 * 4 + 3_840 + 5_200 * (4 + 2) + 21 * 8 + 2 * (50_560 + 6_400),
            MemoryEstimate.For(eightBit, TinyModels.Config()).Phases.Single(p => p.Name == MemoryEstimate.RelearningPhase).Bytes - MemoryEstimate.RuntimeBytes);
    }

    [Fact]
    public void MemoryCheckDoesNotStopARunDirectoryFromResuming()
    {
        string dir = Path.Combine(temp.Path, "run");
        RunSetup.Prepare(dir, Presets.Get("tiny"), force: false).Dispose();

        RunSetup.Prepare(dir, Presets.Get("tiny") with { MemoryCheck = false }, force: false).Dispose();
        Assert.Throws<ConfigException>(() => RunSetup.Prepare(dir, Presets.Get("tiny") with { Seeds = 5 }, force: false));
    }
}
