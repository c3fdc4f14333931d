using System.CommandLine;
using System.Text.Json.Nodes;
using LocUnlearn.Bench;
using LocUnlearn.Cli.Commands;
using LocUnlearn.Config;
using LocUnlearn.Model;
using LocUnlearn.Study.Memory;

namespace LocUnlearn.Tests.Cli;

/// <summary>
/// The bench cases scripts/device-check runs on a GPU (parity, masked-step, throughput, phase-memory), here with
/// --device cpu: the device copy is a second CPU model, so every comparison must come out exact.
/// </summary>
public sealed class DeviceBenchCommandTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private static readonly string[] Tiny = ["--hidden", "32", "--layers", "2", "--intermediate", "48", "--vocab", "64", "--seq", "16", "--batch", "2",
        "--repeats", "2", "--warmup", "1", "--es-items", "2", "--answer-length", "4", "--new-tokens", "3"];

    private JsonNode Bench(params string[] args)
    {
        string path = Path.Combine(temp.Path, $"{Guid.NewGuid():N}.json");
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create());
        Assert.Equal(0, root.Parse(["bench", .. args, "--out", path]).Invoke());
        return JsonNode.Parse(File.ReadAllText(path))!;
    }

    private static double Metric(JsonNode doc, string name) => doc["cases"]![0]!["metrics"]![name]!["value"]!.GetValue<double>();

    [Fact]
    public void ParityOnTheCpuIsExactInFp32AndMeasuresBf16Rounding()
    {
        var doc = Bench("parity", "--device", "cpu");

        Assert.Equal("cpu", doc["settings"]!["device"]!.GetValue<string>());
        foreach (string model in new[] { "llama3", "olmo2" })
        {
            Assert.Equal(0, Metric(doc, $"{model}.fp32_max_abs_diff"));
            double bf16 = Metric(doc, $"{model}.bf16_max_rel_diff");
            Assert.InRange(bf16, 1e-4, ParityBenchmark.Bf16Tolerance); // bf16 rounding shows, and stays within the stated tolerance
            Assert.Equal(Metric(doc, $"{model}.cpu_bf16_max_rel_diff"), bf16);
        }
        Assert.All(doc["cases"]![0]!["targets"]!.AsArray(), t => Assert.True(t!["pass"]!.GetValue<bool>(), t.ToJsonString()));
    }

    [Fact]
    public void AMaskedStepOnTheCpuChangesOnlyTheRegionAndRepeatsExactly()
    {
        var doc = Bench("masked-step", "--device", "cpu");

        Assert.Equal(0, Metric(doc, "changed_outside_region"));
        Assert.Equal(0, Metric(doc, "update_max_abs_diff"));
        Assert.Equal(0, Metric(doc, "loss_abs_diff"));
        Assert.True(Metric(doc, "tensors_checked") >= 3 * 9); // every parameter of 3 layers is fingerprinted
        // Adam's first step moves each trained weight by about lr (1e-3): the region did change.
        Assert.InRange(Metric(doc, "update_max_abs"), 0.9e-3, 1.1e-3);
    }

    [Fact]
    public void ThroughputReportsTokensPerSecondOfItsOwnStepTimeAndTheMfuAgainstThePeak()
    {
        var doc = Bench(["throughput", "--dtype", "bf16", "--peak-tflops", "0.5", .. Tiny]);

        double step = Metric(doc, "full.step_s"), tflop = Metric(doc, "step_tflop");
        Assert.Equal(2 * 16 / step, Metric(doc, "full.tokens_per_s"), 6);
        Assert.Equal(tflop / step / 0.5, Metric(doc, "full.mfu"), 6);
        Assert.True(Metric(doc, "masked.tokens_per_s") > 0 && Metric(doc, "es.items_per_s") > 0);
        Assert.Equal("bf16", doc["settings"]!["dtype"]!.GetValue<string>());
    }

    [Fact]
    public void PhaseMemoryMeasuresEachPhaseBesideTheEstimatorsFigure()
    {
        var shape = new BenchShape { Hidden = 32, Layers = 2, Intermediate = 48, Vocab = 64, Seq = 16, Batch = 2 };
        foreach (string phase in PhaseMemoryBenchmark.Phases)
        {
            var doc = Bench(["phase-memory", "--phase", phase, "--dtype", "bf16", .. Tiny]);
            Assert.True(Metric(doc, "measured_peak_bytes") > 0, phase);
            var paper = Presets.Get("paper");
            var config = paper with
            {
                Data = paper.Data with { MaxLength = 16 },
                Retain = paper.Retain with { BatchSize = 2 },
                RetainCorpusReplay = 0,
                Inject = paper.Inject with { RetainReplay = 0, Training = paper.Inject.Training with { BatchSize = 2 } },
                Unlearn = paper.Unlearn with { Objectives = ["npo"], Training = paper.Unlearn.Training with { BatchSize = 2 } },
                Evaluation = paper.Evaluation with { BatchSize = 2, MaxNewTokens = 3 },
            };
            string name = phase switch
            {
                "retain" => "stage retain", "inject" => "stage inject", "unlearn" => MemoryEstimate.UnlearningPhase, _ => MemoryEstimate.EvaluationPhase,
            };
            Assert.Equal(MemoryEstimate.For(config, shape.Config()).Phases.Single(p => p.Name == name).Bytes, Metric(doc, "estimate_bytes"));
        }
    }

    [Fact]
    public void TrainingFlopsCountGroupedQueryProjectionsAndAgreeWithTheStepCase()
    {
        var shape = new BenchShape();
        Assert.Equal(StepBenchmark.StepFlops(shape), ModelFlops.TrainingStep(shape.Config(), shape.Batch, shape.Seq));
        // Llama-3.2-1B: 16 × (2048·(2048 + 2·512) + 2048·2048 + 3·2048·8192) + 128256·2048, by hand.
        var llama1b = shape.Config() with
        {
            HiddenSize = 2048, IntermediateSize = 8192, NumHiddenLayers = 16, NumAttentionHeads = 32, NumKeyValueHeads = 8, HeadDim = 64, VocabSize = 128256,
        };
        Assert.Equal(1_235_746_816L, ModelFlops.MatmulParameters(llama1b));
    }

    [Fact]
    public void OnlyTheDeviceCasesAcceptAnotherDevice()
    {
        var root = new RootCommand();
        root.Subcommands.Add(BenchCommand.Create());
        TextWriter error = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            Assert.Equal(CliErrors.UserError, root.Parse(["bench", "step", "--device", "cuda"]).Invoke());
            Assert.Equal(CliErrors.UserError, root.Parse(["bench", "phase-memory", "--phase", "train"]).Invoke());
        }
        finally
        {
            Console.SetError(error);
        }
        Assert.Contains("--device applies to parity, masked-step, throughput, phase-memory only", captured.ToString());
        Assert.Contains("--phase must be one of retain, inject, unlearn, evaluate", captured.ToString());
    }
}
