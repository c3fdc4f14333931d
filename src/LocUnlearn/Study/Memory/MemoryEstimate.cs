using System.Globalization;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;
using LocUnlearn.Model;
using LocUnlearn.Regions;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Study.Memory;

/// <summary>One row of the estimate: what, how many bytes, and how they were counted; for a phase, the batch-size keys
/// that shrink it.</summary>
public sealed record MemoryLine(string Name, long Bytes, string Detail, string? BatchKeys = null);

/// <summary>
/// Bytes a study run (`locunlearn run`) needs on its device at its peak, from the config and the model's shape alone
/// (no tensor is made). <see cref="Components"/> are what the code allocates; <see cref="Phases"/> add up what is
/// alive at once in each part of the run; the peak is the largest phase. An upper bound by design: batches are
/// taken as max_length tokens wide, and activation and logit factors are at or above what was measured here.
/// </summary>
public sealed record MemoryEstimate(long Parameters, int BytesPerWeight, IReadOnlyList<MemoryLine> Components, IReadOnlyList<MemoryLine> Phases)
{
    /// <summary>
    /// Values saved for the backward pass per token and layer, in the model's dtype: 32 per hidden unit plus 5 per MLP
    /// unit. Measured here (CPU, peak RSS over one full-parameter step of a 4-layer model, 8-16 rows of 128-512 tokens,
    /// hidden 256, MLP 256-2048): fp32 ≈ 21·C + 4.3·I, bf16 ≈ 28·C + 4.5·I (fp32 upcasts in RMSNorm and the loss count
    /// twice in bf16); region training stays below (no weight gradient, so frozen linears save no input). The CPU's
    /// attention kernel stores no T × T scores (the per-token cost did not grow from 128 to 512 tokens).
    /// </summary>
    public const int ActivationsPerHidden = 32, ActivationsPerIntermediate = 5;

    /// <summary>With activation checkpointing (<see cref="TrainingConfig.ActivationCheckpointing"/>) a layer keeps only
    /// its input, one value per hidden unit and token; the layer being recomputed holds the activations above.</summary>
    public const int CheckpointedInputsPerHidden = 1;

    /// <summary>(B, T, V) fp32-sized copies of the logits in training: logits, log-softmax and both gradients
    /// (measured 4.0 for fp32, 3.5 for bf16 models). Evaluation (no gradient): logits, the shifted copy and the
    /// log-softmax (measured 3.0).</summary>
    public const int TrainingLogitCopies = 4, EvaluationLogitCopies = 3;

    /// <summary>Per region scalar, fp32: the delta, its gradient, two Adam moments and the region's original value
    /// (decay base and exact revert).</summary>
    public const int RegionBytesPerScalar = 5 * 4;

    /// <summary>What the process holds besides tensors: on the CPU the .NET runtime, libtorch and the data (a run of the
    /// tiny preset peaked at 251 MiB resident with 18 MiB of tensors); on a GPU the CUDA context.</summary>
    public const long RuntimeBytes = 512L << 20;

    /// <summary>Names of <see cref="Phases"/> besides the stages' ("stage retain", ...: <see cref="StagePhase"/>).</summary>
    public const string UnlearningPhase = "unlearning runs", ReconstructionPhase = "reconstruction", EvaluationPhase = "evaluation",
        RelearningPhase = "relearning attack";

    public static string StagePhase(string stage) => $"stage {stage}";

    public MemoryLine Peak => Phases.MaxBy(p => p.Bytes)!;

    /// <summary>The same estimate over the named phases alone (one job of a plan runs one part of the study); null
    /// when none of them is in this run.</summary>
    public MemoryEstimate? Only(IReadOnlyCollection<string> phases) =>
        Phases.Where(p => phases.Contains(p.Name)).ToList() is { Count: > 0 } kept ? this with { Phases = kept } : null;

    public static MemoryEstimate For(ExperimentConfig c, LlamaConfig m)
    {
        var s = new Sizing(c, m);
        var full = FullParameterPhases(c);
        var phases = StudyPhases(s, full).Select(ph => ph with { Bytes = ph.Bytes + RuntimeBytes }).ToList();
        return new MemoryEstimate(s.Parameters, s.W, ComponentLines(s, full), phases);
    }

    /// <summary>What <see cref="For"/> counts from the config and the model, shared by its phases and components.</summary>
    private sealed class Sizing(ExperimentConfig c, LlamaConfig m)
    {
        public ExperimentConfig C { get; } = c;
        public LlamaConfig M { get; } = m;
        public int W { get; } = c.Model.Dtype.Bytes();
        public long Parameters { get; } = ParameterCount(m);
        public long Weights => Parameters * W;
        public long Tokens => C.Data.MaxLength;
        public long RegionScalars { get; } =
            RegionSampler.CountFor(new RegionShape(m.NumHiddenLayers, m.IntermediateSize), c.Inject.Fraction)
            * m.HiddenSize * (c.Inject.FreeKeys ? 3 : 1);
        public long Region => RegionScalars * RegionBytesPerScalar;

        // θo of a seed and, for the reconstruction only, θr as its frozen reference (θr's own evaluation loads it alone,
        // before any θo, and caches the result). NPO/DPO/RMU on a region use θo with its deltas suspended as π_ref: no copy.
        public int ExperimentModels => C.Reconstruction.Enabled ? 2 : 1;
        public long Passes { get; } = UnlearningPasses(c.Unlearn);
        public long UnlearnRows => C.Unlearn.Training.BatchSize * Passes;
        public long InjectRows => MemoryEstimate.InjectRows(C.Inject);
        public long EvalRows => C.Evaluation.BatchSize;
        public long EvalLogits => EvalRows * Tokens * M.VocabSize * 4L * EvaluationLogitCopies;
        public long KvCache => EvalRows * (Tokens + C.Evaluation.MaxNewTokens) * M.NumHiddenLayers * 2L * M.NumKeyValueHeads * M.HeadDim * W;

        public long Activations(long rows, TrainingConfig t) => ActivationBytes(M, W, rows * Tokens, t.ActivationCheckpointing);
        public long Training(long rows, TrainingConfig t) => Activations(rows, t) + TrainingLogitBytes(M, rows * Tokens);
        public static string Rows(long rows, TrainingConfig t) => $"{rows} rows{(t.ActivationCheckpointing ? " (checkpointed)" : "")}";
    }

    /// <summary>Every phase of the run with what it holds, before the runtime is added.</summary>
    private static List<MemoryLine> StudyPhases(Sizing s, IReadOnlyList<FullPhase> full)
    {
        var (c, m, weights, region) = (s.C, s.M, s.Weights, s.Region);
        // The optimizer step runs after the backward pass has freed activations and logits: its temporaries and the
        // training pass's memory are never alive together.
        var phases = full.Select(f => new MemoryLine(f.Phase, (f.BesideThetaO ? weights + region : 0) + weights
                + FullParameterStateBytes(s.Parameters, c.Model.Dtype, f.Training.Optimizer)
                + Math.Max(s.Training(f.Rows, f.Training), OptimizerStepBytes(m, c.Model.Dtype, f.Training.Optimizer))
                + (f.HoldsThetaR ? weights : 0),
            $"{(f.BesideThetaO ? "θo + region + the attacked copy" : "model")} + full-parameter state ({OptimizerName(f.Training.Optimizer)}) + " +
            Sizing.Rows(f.Rows, f.Training) + (f.HoldsThetaR ? " + θr reference" : ""), f.Keys)).ToList();
        phases.Add(new(StagePhase(InjectStage.Name), weights + region + s.Training(s.InjectRows, c.Inject.Training),
            $"model + region + {Sizing.Rows(s.InjectRows, c.Inject.Training)}", InjectKeys));
        phases.Add(new(UnlearningPhase, weights + region + s.Training(s.UnlearnRows, c.Unlearn.Training),
            $"θo + region + {c.Unlearn.Training.BatchSize} rows × {s.Passes} passes (forget, retain, refusal)" +
            (c.Unlearn.Training.ActivationCheckpointing ? ", checkpointed" : ""), "unlearn.training.batch_size"));
        var r = c.Reconstruction.Training;
        if (c.Reconstruction.Enabled)
            phases.Add(new(ReconstructionPhase, 2 * weights + region + s.Training(r.BatchSize, r),
                $"θo, θr reference + region + {Sizing.Rows(r.BatchSize, r)}", "reconstruction.training.batch_size"));
        phases.Add(new(EvaluationPhase, s.ExperimentModels * weights + s.EvalLogits + s.KvCache,
            $"{s.ExperimentModels} models + {s.EvalRows} rows", "evaluation.batch_size"));
        return phases;
    }

    /// <summary>What the code allocates; activations and logits for the training phase that holds the most.</summary>
    private static List<MemoryLine> ComponentLines(Sizing s, IReadOnlyList<FullPhase> full)
    {
        var (c, m, w, p) = (s.C, s.M, s.W, s.Parameters);
        // The training phases: rows of the largest micro-batch and the training block that sets how they are held.
        var training = new List<(long Rows, TrainingConfig Training)>(full.Select(f => (f.Rows, f.Training)))
            { (s.InjectRows, c.Inject.Training), (s.UnlearnRows, c.Unlearn.Training) };
        if (c.Reconstruction.Enabled) training.Add((c.Reconstruction.Training.BatchSize, c.Reconstruction.Training));
        var (largestRows, largest) = training.MaxBy(t => s.Activations(t.Rows, t.Training));
        long mostRows = training.Max(t => t.Rows);
        return
        [
            new("runtime", RuntimeBytes, ".NET, libtorch and the data (CPU) or the CUDA context (GPU)"),
            new("model weights", s.Weights, $"{p:N0} parameters × {w} B ({c.Model.Dtype})"),
            new("other models held", (s.ExperimentModels - 1) * s.Weights,
                s.ExperimentModels > 1
                    ? "θr as the reconstruction's frozen reference, beside θo; region runs' π_ref is θo itself"
                    : "none: region runs' π_ref is θo itself"),
            FullStateLine(c.Model.Dtype, p, full),
            new("region state", s.Region,
                $"{s.RegionScalars:N0} region scalars × {RegionBytesPerScalar} B (fp32 delta, gradient, 2 moments, original)"),
            new("activations", s.Activations(largestRows, largest),
                ActivationDetail(m, w, $"{largestRows} rows × {s.Tokens} tokens", largest.ActivationCheckpointing)),
            new("logits", Math.Max(TrainingLogitBytes(m, mostRows * s.Tokens), s.EvalLogits),
                $"{TrainingLogitCopies} (training) or {EvaluationLogitCopies} (evaluation) × rows × tokens × {m.VocabSize} vocab × 4 B"),
        ];
    }

    /// <summary>Passes an unlearning step makes (forget, retain, refusal): the most any of the objectives needs.</summary>
    private static long UnlearningPasses(UnlearnConfig u) => u.Objectives.Count == 0 ? 1
        : u.Objectives.Select(o => UnlearningObjectives.Create(o, u.Settings)).Max(o => 1L + (o.UsesRetain ? 1 : 0) + (o.UsesRefusals ? 1 : 0));

    /// <summary>The largest full-parameter state among the phases that hold one.</summary>
    private static MemoryLine FullStateLine(WeightDtype dtype, long parameters, IReadOnlyList<FullPhase> full)
    {
        if (full.Count == 0)
            return new("full-parameter state", 0, "no full-parameter stage");
        var (state, optimizer) = full.Select(f => (FullParameterStateBytes(parameters, dtype, f.Training.Optimizer), f.Training.Optimizer)).MaxBy(s => s.Item1);
        return new("full-parameter state", state, $"{StateDetail(dtype.Bytes(), optimizer)} per parameter ({string.Join(", ", full.Select(f => f.Label))})");
    }

    private const string InjectKeys = "inject.training.batch_size, inject.retain_replay, inject.corpus_replay";

    /// <summary>Rows of an injection step: the forget batch and the replayed retain items and corpus lines.</summary>
    private static long InjectRows(InjectConfig i) => i.Training.BatchSize + i.RetainReplay + i.CorpusReplay;

    /// <summary>A phase that trains all parameters: its name, its label among them, rows of its micro-batch, its training
    /// block, the keys that shrink it; <paramref name="BesideThetaO"/>: it trains a copy while θo and its region stay;
    /// <paramref name="HoldsThetaR"/>: a frozen copy of θr sits beside it (the full-parameter injection's KL replay π_θr).</summary>
    private sealed record FullPhase(string Phase, string Label, long Rows, TrainingConfig Training, string Keys, bool BesideThetaO = false,
        bool HoldsThetaR = false);

    /// <summary>The full-parameter phases this config runs.</summary>
    private static List<FullPhase> FullParameterPhases(ExperimentConfig c)
    {
        var phases = new List<FullPhase>();
        FullPhase Stage(string name, long rows, TrainingConfig t, string keys) => new(StagePhase(name), name, rows, t, keys);
        // A given θr (retain.model_path) trains neither θr nor θp.
        if (c.Model.Path is null && c.NeedsThetaP() && c.Pretrain.Steps > 0)
            phases.Add(Stage(PretrainStage.Name, c.Pretrain.BatchSize, c.Pretrain, "pretrain.batch_size"));
        if (c.NeedsThetaP() && c.Retain.Steps > 0)
            phases.Add(Stage(RetainStage.Name, c.Retain.BatchSize + c.RetainCorpusReplay, c.Retain, "retain.batch_size, retain_corpus_replay"));
        if (c.Inject.FullReference && c.Inject.Training.Steps > 0)
            phases.Add(Stage(InjectStage.FullName, InjectRows(c.Inject), c.Inject.Training, InjectKeys) with
                { HoldsThetaR = c.Inject.FullReplayLoss.UsesReference() });
        // Experiment (d) fine-tunes a copy of an unlearning run's final weights beside θo and its region (the θr reference
        // job: θr itself beside the cached θo), right after the run's training has freed its batches.
        if (c.Relearn.Enabled)
            phases.Add(new(RelearningPhase, "relearning attack", c.Relearn.Training.BatchSize, c.Relearn.Training, "relearn.training.batch_size",
                BesideThetaO: true));
        return phases;
    }

    private static string ActivationDetail(LlamaConfig m, int w, string rows, bool checkpointing) => checkpointing
        ? $"{rows} × ({m.NumHiddenLayers} layer inputs × {CheckpointedInputsPerHidden}·{m.HiddenSize} + one layer's " +
          $"{ActivationsPerHidden}·{m.HiddenSize} + {ActivationsPerIntermediate}·{m.IntermediateSize}) × {w} B (activation checkpointing)"
        : $"{rows} × {m.NumHiddenLayers} layers × ({ActivationsPerHidden}·{m.HiddenSize} + {ActivationsPerIntermediate}·{m.IntermediateSize}) × {w} B";

    /// <summary>Values a training pass holds for backward over <paramref name="tokens"/> (rows × sequence length) tokens,
    /// in the weights' dtype: every layer's activations, or with checkpointing each layer's input and one layer's
    /// activations.</summary>
    public static long ActivationBytes(LlamaConfig m, int bytesPerWeight, long tokens, bool checkpointing)
    {
        long layer = (long)ActivationsPerHidden * m.HiddenSize + (long)ActivationsPerIntermediate * m.IntermediateSize;
        long perToken = checkpointing ? (long)m.NumHiddenLayers * CheckpointedInputsPerHidden * m.HiddenSize + layer : m.NumHiddenLayers * layer;
        return tokens * perToken * bytesPerWeight;
    }

    /// <summary>fp32 copies of the (tokens, vocab) logits in a training pass.</summary>
    public static long TrainingLogitBytes(LlamaConfig m, long tokens) => tokens * m.VocabSize * 4L * TrainingLogitCopies;

    /// <summary>
    /// Gradient (weight dtype) plus optimizer state of full-parameter training: AdamW two fp32 moments and, for
    /// bf16/fp16 weights, an fp32 master (8 or 12 B); AdamW8bit two 8-bit moments plus an fp32 maximum per block of
    /// <see cref="DynamicQuantization.BlockSize"/> for each (2 B + 8 B per block), no master (stochastic rounding).
    /// </summary>
    public static long FullParameterStateBytes(long parameters, WeightDtype dtype, OptimizerKind optimizer)
    {
        int w = dtype.Bytes();
        return optimizer switch
        {
            OptimizerKind.AdamW8bit => parameters * (w + 2) + (parameters + DynamicQuantization.BlockSize - 1) / DynamicQuantization.BlockSize * 8,
            _ => parameters * (w + 8 + (w < 4 ? 4 : 0)),
        };
    }

    /// <summary>Bytes per value of an <see cref="AdamW8bit"/> chunk's temporaries (fp32 weight, gradient, dequantized
    /// moments, quantization and rounding): measured 36 (bench memory-full, bf16, the step alone), rounded up.</summary>
    public const int EightBitStepBytesPerValue = 40;

    /// <summary>
    /// Temporaries of one full-parameter optimizer step, one tensor or chunk at a time: gradient clipping takes an fp32
    /// copy of each bf16/fp16 gradient; <see cref="MaskedAdamW"/> holds a tensor's fp32 denominator and, for bf16/fp16,
    /// an fp32 copy of its gradient; <see cref="AdamW8bit"/> a chunk of <see cref="AdamW8bit.ChunkSize"/> values. The
    /// largest tensor (the embedding or lm_head) sets the peak: 4.2 GB with AdamW, 2.1 GB with AdamW8bit for
    /// Llama-3.1-8B in bf16.
    /// </summary>
    public static long OptimizerStepBytes(LlamaConfig m, WeightDtype dtype, OptimizerKind optimizer)
    {
        long hidden = m.HiddenSize;
        long largest = Math.Max(m.VocabSize * hidden, Math.Max(m.IntermediateSize * hidden, (long)m.NumAttentionHeads * m.HeadDim * hidden));
        long gradientCopy = dtype.Bytes() < 4 ? 4 : 0;
        long update = optimizer == OptimizerKind.AdamW8bit
            ? Math.Min(largest, AdamW8bit.ChunkSize) * EightBitStepBytesPerValue
            : largest * (4 + gradientCopy);
        return Math.Max(largest * gradientCopy, update);
    }

    private static string StateDetail(int w, OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.AdamW8bit => $"gradient {w} B + 8-bit Adam moments 2 B (+ 8 B per {DynamicQuantization.BlockSize})",
        _ => $"gradient {w} B + Adam moments 8 B{(w < 4 ? " + fp32 master 4 B" : "")}",
    };

    private static string OptimizerName(OptimizerKind optimizer) => optimizer == OptimizerKind.AdamW8bit ? "adamw_8bit" : "adamw";

    /// <summary>Parameters of <see cref="LlamaForCausalLM"/> for <paramref name="m"/> (lm_head counted once when tied).</summary>
    public static long ParameterCount(LlamaConfig m)
    {
        long hidden = m.HiddenSize, mlp = m.IntermediateSize;
        long q = (long)m.NumAttentionHeads * m.HeadDim, kv = (long)m.NumKeyValueHeads * m.HeadDim;
        long attention = hidden * q + 2 * hidden * kv + q * hidden + (m.AttentionBias ? q + 2 * kv + hidden : 0)
            + (m.Architecture == Architecture.Olmo2 ? q + kv : 0); // OLMo2's q_norm and k_norm
        long feedForward = 3 * hidden * mlp + (m.MlpBias ? 2 * mlp + hidden : 0);
        long layer = attention + feedForward + 2 * hidden; // two RMSNorms per layer in both architectures
        return m.VocabSize * hidden * (m.TieWordEmbeddings ? 1 : 2) + m.NumHiddenLayers * layer + hidden;
    }

    /// <summary>The table printed at the start of a run: components, the peak phase, and what is available.</summary>
    /// <param name="available">bytes available, or null when unknown</param>
    /// <param name="source">where <paramref name="available"/> comes from, or why it is unknown</param>
    public IReadOnlyList<string> TableLines(long? available, string source)
    {
        int width = Components.Max(l => l.Name.Length) + 2;
        string Row(string name, string bytes, string detail) => $"  {name.PadRight(width)}{bytes,10}   {detail}";
        var lines = new List<string> { "memory estimate (upper bound; docs/config.md, \"Memory estimate\"):" };
        lines.AddRange(Components.Select(l => Row(l.Name, Format(l.Bytes), l.Detail)));
        lines.Add(Row("peak", Format(Peak.Bytes), $"{Peak.Name}: {Peak.Detail}"));
        lines.Add(Row("available", available is { } a ? Format(a) : "?", source));
        return lines;
    }

    /// <summary>Every phase with what it holds (`locunlearn plan`), the peak marked: size a machine before starting.</summary>
    public IReadOnlyList<string> PhaseLines()
    {
        int width = Phases.Max(l => l.Name.Length) + 2;
        var lines = new List<string> { "memory per phase (upper bound; docs/config.md, \"Memory estimate\"):" };
        lines.AddRange(Phases.Select(p => $"  {p.Name.PadRight(width)}{Format(p.Bytes),10}{(p == Peak ? " (peak)" : ""),-8}   {p.Detail}"));
        return lines;
    }

    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1) { v /= 1024; u++; }
        return (u == 0 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.0", CultureInfo.InvariantCulture)) + " " + units[u];
    }
}
