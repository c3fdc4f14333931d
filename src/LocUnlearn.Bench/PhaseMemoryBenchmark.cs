using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Study.Memory;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench phase-memory --phase P --config config.json --device D`: one step of a study phase on a random-weight model
/// of an HF config, beside <see cref="MemoryEstimate"/>'s figure for that phase with the same rows, tokens and dtype
/// (the paper preset otherwise). The phases: retain (a full-parameter step, as θr's stage), inject (a step on a 10%
/// region, as θo's), unlearn (one step of a masked <see cref="UnlearningRun"/> of --objective, reference table
/// included), evaluate (one teacher-forced scoring batch and a greedy generation of --new-tokens with the KV cache).
/// On the CPU the peak resident memory of the process is measured; TorchSharp 0.107 has no CUDA memory counter, so
/// on a GPU the caller samples nvidia-smi while this runs (scripts/device-check does) and the case reports the estimate.
/// </summary>
public static class PhaseMemoryBenchmark
{
    public static readonly string[] Phases = ["retain", "inject", "unlearn", "evaluate"];
    private const int PromptLength = 12;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        if (!Phases.Contains(settings.Phase))
            throw new ArgumentException($"bench phase-memory: --phase must be one of {string.Join(", ", Phases)}, got '{settings.Phase}'.");
        var device = BenchModels.ParseDevice(settings.Device);
        var dtype = BenchModels.ParseDType(settings.DType);
        var config = settings.ConfigFile is { } file ? LlamaConfig.Load(file) : settings.Shape.Config();
        int rows = settings.Shape.Batch, tokens = settings.Shape.Seq;
        var estimate = MemoryEstimate.For(EstimateConfig(settings, dtype), config);
        var line = estimate.Phases.First(p => p.Name == EstimateName(settings.Phase));
        bool cpu = device.type == DeviceType.CPU && ProcessMemory.Available;
        if (cpu)
            ProcessMemory.ResetPeak();
        using (var model = BenchModels.RandomOnDevice(config, settings.Seed, device, dtype))
        {
            foreach (var p in model.parameters()) p.requires_grad_(false);
            RunPhase(settings, model, rows, tokens);
            if (device.type == DeviceType.CUDA)
                cuda.synchronize(device);
        }
        var metrics = new List<BenchMetric> { new("estimate_bytes", line.Bytes, "bytes") };
        if (cpu)
        {
            long peak = ProcessMemory.PeakResidentBytes();
            metrics.Add(new("measured_peak_bytes", peak, "bytes"));
            metrics.Add(new("measured_over_estimate", (double)peak / line.Bytes, "ratio"));
        }
        var notes = new List<string>
        {
            $"Phase {settings.Phase}: {rows} rows × {tokens} tokens, {dtype}, on {device}; model {settings.ConfigFile ?? "the bench shape"} " +
            $"({MemoryEstimate.ParameterCount(config):N0} parameters), random weights.",
            $"Estimate ({line.Name}): {MemoryEstimate.Format(line.Bytes)} = {line.Detail} (the paper preset with these rows, tokens and dtype).",
            cpu ? "Measured: the process's peak resident memory (VmHWM, reset before the model was made)."
                : "Measured: not here (TorchSharp 0.107 has no CUDA memory counter); sample nvidia-smi while this process runs.",
        };
        return new BenchCaseResult("phase-memory", metrics, [], notes);
    }

    private static string EstimateName(string phase) => phase switch
    {
        "retain" => MemoryEstimate.StagePhase("retain"),
        "inject" => MemoryEstimate.StagePhase("inject"),
        "unlearn" => MemoryEstimate.UnlearningPhase,
        _ => MemoryEstimate.EvaluationPhase,
    };

    /// <summary>The paper preset with every phase's rows, the tokens, the dtype and the objective of this measurement.</summary>
    private static ExperimentConfig EstimateConfig(BenchSettings s, ScalarType dtype)
    {
        var paper = Presets.Get("paper");
        int rows = s.Shape.Batch;
        return paper with
        {
            Data = paper.Data with { MaxLength = s.Shape.Seq },
            Model = paper.Model with { Dtype = dtype == ScalarType.BFloat16 ? WeightDtype.Bfloat16 : WeightDtype.Float32 },
            Retain = paper.Retain with { BatchSize = rows },
            RetainCorpusReplay = 0,
            Inject = paper.Inject with { RetainReplay = 0, Training = paper.Inject.Training with { BatchSize = rows } },
            Unlearn = paper.Unlearn with { Objectives = [s.Objective], Training = paper.Unlearn.Training with { BatchSize = rows } },
            Evaluation = paper.Evaluation with { BatchSize = rows, MaxNewTokens = s.NewTokens },
        };
    }

    private static void RunPhase(BenchSettings s, LlamaForCausalLM model, int rows, int tokens)
    {
        var device = model.Device;
        using var ids = randint(3, model.Config.VocabSize, [rows, tokens], dtype: ScalarType.Int64, generator: new Generator((ulong)s.Seed)).to(device);
        var step = new TrainingConfig { Steps = 1, BatchSize = rows, LearningRate = 1e-5, WeightDecay = 0.01, MaxGradNorm = 1.0, Seed = s.Seed };
        Tensor Loss(int _, int __) => CausalLmLoss.MeanNll(model.forward(ids), ids);
        var region = RegionSampler.UniformGlobal(
            new RegionShape(model.Config.NumHiddenLayers, model.Config.IntermediateSize), StepBenchmark.RegionFraction, s.Seed);
        switch (s.Phase)
        {
            case "retain":
                using (var all = new FullParameterSet(model))
                    new Trainer().Train(all, step, Loss, "bench phase-memory retain");
                break;
            case "inject":
                using (var part = new RegionParameterSet(model, region))
                    new Trainer().Train(part, step, Loss, "bench phase-memory inject");
                break;
            case "unlearn":
                var run = new UnlearningRunSettings { Training = step, EvalEvery = 0, CommitToModel = false };
                UnlearningRun.Run(model, region, UnlearningObjectives.Create(s.Objective), Items(s, model.Config.VocabSize, rows, tokens),
                    new Collator(PadId: 0), run, context: "bench phase-memory unlearn");
                break;
            default:
                Evaluate(s, model, rows, tokens);
                break;
        }
    }

    private static void Evaluate(BenchSettings s, LlamaForCausalLM model, int rows, int tokens)
    {
        var data = Items(s, model.Config.VocabSize, rows, tokens);
        new TeacherForcedScorer(model, padId: 0, [], batchSize: rows).Score(data.Forget.Take(rows).ToList());
        var prompts = data.Forget.Take(rows).Select(e => e.InputIds.Select(id => (int)id).ToArray()).ToArray();
        new GreedyGenerator(model, [], padId: 0).Generate(prompts, s.NewTokens);
    }

    /// <summary>Forget, retain and refusal items of <paramref name="tokens"/> random tokens each (a {PromptLength}-token prompt).</summary>
    private static UnlearningData Items(BenchSettings s, int vocab, int rows, int tokens)
    {
        var rng = SplitMix64.ForStream(s.Seed, "bench/phase-memory-items");
        EncodedExample Item()
        {
            var ids = Enumerable.Range(0, tokens).Select(_ => 3L + rng.NextInt(vocab - 3)).ToArray();
            return new EncodedExample(ids, ids.Select((id, t) => t < PromptLength ? EncodedExample.IgnoreIndex : id).ToArray(), PromptLength);
        }
        List<EncodedExample> Split() => Enumerable.Range(0, rows).Select(_ => Item()).ToList();
        return new UnlearningData(Split(), Split(), Split());
    }
}
