using System.CommandLine;
using LocUnlearn.Bench;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn bench`'s argument and options, and the <see cref="BenchSettings"/> they give.</summary>
internal sealed class BenchOptions
{
    private static readonly BenchSettings defaults = new();
    private static BenchShape shape => defaults.Shape;

    public readonly Argument<string> Case = new("case")
    {
        Description = $"What to measure: {string.Join(", ", BenchSuite.Cases)}.",
        DefaultValueFactory = _ => "all",
    };
    public readonly Option<string?> Output = new("--out") { Description = "Write the results as JSON to this file." };
    public readonly Option<int> Repeats = new("--repeats")
    {
        Description = "Measured repetitions per case (the median is reported).",
        DefaultValueFactory = _ => defaults.Repeats,
    };
    public readonly Option<int> Warmup = new("--warmup")
    {
        Description = "Discarded repetitions before measuring.",
        DefaultValueFactory = _ => defaults.Warmup,
    };
    public readonly Option<int> Hidden = new("--hidden") { Description = "Model hidden size.", DefaultValueFactory = _ => shape.Hidden };
    public readonly Option<int> Layers = new("--layers") { Description = "Decoder layers.", DefaultValueFactory = _ => shape.Layers };
    public readonly Option<int> Intermediate = new("--intermediate") { Description = "MLP intermediate size.", DefaultValueFactory = _ => shape.Intermediate };
    public readonly Option<int> Vocab = new("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => shape.Vocab };
    public readonly Option<int> Seq = new("--seq") { Description = "Tokens per training sequence (step).", DefaultValueFactory = _ => shape.Seq };
    public readonly Option<int> Batch = new("--batch")
    {
        Description = "Sequences per training step (step) and ES batch (es).",
        DefaultValueFactory = _ => shape.Batch,
    };
    public readonly Option<int> Matmul = new("--matmul-size")
    {
        Description = "Side of the reference fp32 matmul.",
        DefaultValueFactory = _ => defaults.MatmulSize,
    };
    public readonly Option<int> Answer = new("--answer-length")
    {
        Description = "Answer tokens of the es/memory items.",
        DefaultValueFactory = _ => defaults.AnswerLength,
    };
    public readonly Option<int> EsItems = new("--es-items") { Description = "Items of the es split.", DefaultValueFactory = _ => defaults.EsItems };
    public readonly Option<int> NewTokens = new("--new-tokens")
    {
        Description = "New tokens per generation (generate).",
        DefaultValueFactory = _ => defaults.NewTokens,
    };
    public readonly Option<int[]> GenerateBatches = new("--generate-batches")
    {
        Description = "Batch sizes of generate, e.g. --generate-batches 1 16.",
        DefaultValueFactory = _ => defaults.GenerateBatches.ToArray(),
        AllowMultipleArgumentsPerToken = true,
    };
    public readonly Option<string?> Run = new("--run")
    {
        Description = "Read stage times from this run directory's manifest.json instead of running the quick preset.",
    };
    public readonly Option<int> Threads = new("--threads") { Description = "Torch intra-op threads (0 = libtorch's default)." };
    public readonly Option<string?> Model = new("--model")
    {
        Description = "es: measure on the forget + retain evaluation sets of this model folder (e.g. a run's seeds/seed-0/inject/model) " +
                      "instead of random items of a random model.",
    };
    public readonly Option<string?> Data = new("--data")
    {
        Description = "es with --model: TOFU-format data folder (default: the data of the run directory the model lies in).",
    };
    public readonly Option<string> Device = new("--device")
    {
        Description = $"Where {string.Join(", ", BenchSettings.DeviceCases)} run (cpu, cuda, cuda:N); parity and masked-step compare it with the CPU.",
        DefaultValueFactory = _ => defaults.Device,
    };
    public readonly Option<string> Dtype = new("--dtype")
    {
        Description = "memory-full, throughput, phase-memory: the model's dtype, float32 or bfloat16.",
        DefaultValueFactory = _ => defaults.DType,
    };
    public readonly Option<string?> ConfigFile = new("--config")
    {
        Description = "throughput, phase-memory: an HF config.json giving the model's shape (random weights).",
    };
    public readonly Option<double> Peak = new("--peak-tflops")
    {
        Description = "throughput: the device's peak TFLOP/s in the dtype, for model FLOP utilisation.",
    };
    public readonly Option<string> Phase = new("--phase")
    {
        Description = $"phase-memory: {string.Join(", ", PhaseMemoryBenchmark.Phases)}.", DefaultValueFactory = _ => defaults.Phase,
    };
    public readonly Option<string> Objective = new("--objective")
    {
        Description = "phase-memory --phase unlearn: the objective.",
        DefaultValueFactory = _ => defaults.Objective,
    };

    public void AddTo(Command command)
    {
        command.Add(Case);
        Option[] options = [Output, Repeats, Warmup, Hidden, Layers, Intermediate, Vocab, Seq, Batch, Matmul, Answer, EsItems, NewTokens,
            GenerateBatches, Run, Threads, Model, Data, Device, Dtype, ConfigFile, Peak, Phase, Objective];
        foreach (var option in options)
            command.Add(option);
    }

    public BenchSettings Read(ParseResult r)
    {
        return new BenchSettings
        {
            Shape = new BenchShape
            {
                Hidden = r.GetValue(Hidden),
                Layers = r.GetValue(Layers),
                Intermediate = r.GetValue(Intermediate),
                Vocab = r.GetValue(Vocab),
                Seq = r.GetValue(Seq),
                Batch = r.GetValue(Batch),
            },
            Repeats = r.GetValue(Repeats),
            Warmup = r.GetValue(Warmup),
            MatmulSize = r.GetValue(Matmul),
            AnswerLength = r.GetValue(Answer),
            EsItems = r.GetValue(EsItems),
            NewTokens = r.GetValue(NewTokens),
            GenerateBatches = r.GetValue(GenerateBatches)!,
            RunDirectory = r.GetValue(Run),
            ModelDirectory = r.GetValue(Model),
            DataDirectory = r.GetValue(Data),
            Device = r.GetValue(Device)!,
            DType = r.GetValue(Dtype)!,
            ConfigFile = r.GetValue(ConfigFile),
            PeakTflops = r.GetValue(Peak),
            Phase = r.GetValue(Phase)!,
            Objective = r.GetValue(Objective)!,
        };
    }
}
