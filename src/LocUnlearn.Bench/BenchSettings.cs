using LocUnlearn.Model;

namespace LocUnlearn.Bench;

/// <summary>
/// Shape of the random-weight LLaMA model the benchmarks use. Defaults are the shape of TORCHSHARP.md section 4
/// (d = 256, 4 layers, d_ff = 688, vocab 2000, batch 32 × 64 tokens) so numbers compare with that note.
/// </summary>
public sealed record BenchShape
{
    public int Hidden { get; init; } = 256;
    public int Layers { get; init; } = 4;
    public int Intermediate { get; init; } = 688;
    public int Vocab { get; init; } = 2000;
    public int Seq { get; init; } = 64;
    public int Batch { get; init; } = 32;
    /// <summary>Head dimension; heads = hidden / head_dim (at least 1), no grouped-query sharing.</summary>
    public int HeadDim { get; init; } = 64;

    public int Heads => Math.Max(1, Hidden / Math.Min(HeadDim, Hidden));

    public void Validate()
    {
        void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Require(Hidden > 0 && Layers > 0 && Intermediate > 0 && Seq > 1 && Batch > 0,
            "bench: hidden, layers, intermediate, batch must be positive and seq >= 2.");
        Require(Vocab > 3, "bench: vocab must be > 3 (ids 0-2 are pad, bos, eos).");
        Require(Hidden % Heads == 0, $"bench: hidden {Hidden} is not a multiple of head_dim {HeadDim}.");
    }

    /// <param name="initializerRange">weight std; larger than HF's 0.02 gives a random model peaked logits, so greedy
    /// choices are not near-ties (ES and generation comparisons need distinct argmaxes).</param>
    public LlamaConfig Config(double initializerRange = 0.02) => new()
    {
        Architecture = Architecture.Llama,
        VocabSize = Vocab,
        HiddenSize = Hidden,
        IntermediateSize = Intermediate,
        NumHiddenLayers = Layers,
        NumAttentionHeads = Heads,
        NumKeyValueHeads = Heads,
        HeadDim = Hidden / Heads,
        RmsNormEps = 1e-5,
        MaxPositionEmbeddings = Math.Max(2048, Seq * 4),
        InitializerRange = initializerRange,
        BosTokenId = 1,
        EosTokenIds = [2],
        PadTokenId = 0,
    };

    /// <summary>Matmul parameters (every linear layer, lm_head included; embedding lookups are not matmuls).</summary>
    public long MatmulParameters()
    {
        long attention = 4L * Hidden * Hidden;
        long mlp = 3L * Hidden * Intermediate;
        return Layers * (attention + mlp) + (long)Vocab * Hidden;
    }
}

/// <summary>How every case measures: warm-up runs discarded, then the median of <see cref="Repeats"/> runs.</summary>
public sealed record BenchSettings
{
    public BenchShape Shape { get; init; } = new();
    public int Warmup { get; init; } = 1;
    public int Repeats { get; init; } = 5;
    /// <summary>Side n of the n × n fp32 matmul whose throughput is the machine's reference.</summary>
    public int MatmulSize { get; init; } = 2048;
    /// <summary>Answer length of the `es` items (TOFU answers are ~20-60 tokens).</summary>
    public int AnswerLength { get; init; } = 40;
    public int EsItems { get; init; } = 16;
    public int NewTokens { get; init; } = 100;
    /// <summary>Batch sizes `generate` measures (one prompt, and a batch as ROUGE answering uses).</summary>
    public IReadOnlyList<int> GenerateBatches { get; init; } = [1, 16];
    public long Seed { get; init; } = 1;
    /// <summary>An existing run directory whose manifest.json `run` reads instead of running the quick preset.</summary>
    public string? RunDirectory { get; init; }
    /// <summary>A model folder: `es` then measures on the forget + retain evaluation sets of this model (see
    /// <see cref="EvaluationSetEsBenchmark"/>) instead of on random items of a random model.</summary>
    public string? ModelDirectory { get; init; }
    /// <summary>The TOFU-format data of <see cref="ModelDirectory"/> (default: its run directory's data).</summary>
    public string? DataDirectory { get; init; }
    /// <summary>Where the device cases (parity, masked-step, throughput, phase-memory) run: cpu, cuda, cuda:N. The
    /// other cases measure the CPU.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Weights of memory-full, throughput and phase-memory: float32 or bfloat16 (what a GPU study trains).</summary>
    public string DType { get; init; } = "float32";
    /// <summary>An HF config.json whose shape throughput and phase-memory use instead of <see cref="Shape"/>'s
    /// (--batch and --seq still give the rows and tokens).</summary>
    public string? ConfigFile { get; init; }
    /// <summary>The device's peak dense FLOP/s in the dtype, in TFLOP/s, for throughput's model FLOP utilisation (0: none).</summary>
    public double PeakTflops { get; init; }
    /// <summary>phase-memory: retain, inject, unlearn or evaluate.</summary>
    public string Phase { get; init; } = "inject";
    /// <summary>phase-memory's unlearn phase: the objective.</summary>
    public string Objective { get; init; } = "npo";

    /// <summary>The cases that run on <see cref="Device"/>; every other case measures the CPU only.</summary>
    public static readonly string[] DeviceCases = ["parity", "masked-step", "throughput", "phase-memory"];

    public void Validate()
    {
        Shape.Validate();
        if (Warmup < 0) throw new ArgumentException($"bench: --warmup must be >= 0, got {Warmup}.");
        if (Repeats < 1) throw new ArgumentException($"bench: --repeats must be >= 1, got {Repeats}.");
        if (MatmulSize < 1) throw new ArgumentException($"bench: --matmul-size must be positive, got {MatmulSize}.");
        if (GenerateBatches.Count == 0 || GenerateBatches.Any(b => b < 1))
            throw new ArgumentException("bench: --generate-batches needs at least one batch size, each positive.");
        if (AnswerLength < 2 || EsItems < 1 || NewTokens < 1)
            throw new ArgumentException("bench: --answer-length must be >= 2, --es-items and --new-tokens positive.");
        BenchModels.ParseDType(DType);
        if (DataDirectory is not null && ModelDirectory is null)
            throw new ArgumentException("bench: --data names the data of a --model; pass --model DIR as well.");
        if (PeakTflops < 0) throw new ArgumentException($"bench: --peak-tflops must be >= 0, got {PeakTflops}.");
    }
}
