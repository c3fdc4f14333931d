using System.Text.Json.Serialization;

namespace LocUnlearn.Training;

/// <summary>Learning-rate schedule after warmup.</summary>
public enum LrSchedule { Constant, Linear, Cosine }

/// <summary>Update rule of full-parameter training; region training always uses <see cref="MaskedAdamW"/>.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="MaskedAdamW"/>: fp32 moments, an fp32 master copy of bf16/fp16 weights.</summary>
    [JsonStringEnumMemberName("adamw")] AdamW,
    /// <summary><see cref="AdamW8bit"/>: block-wise 8-bit moments, bf16/fp16 weights rounded stochastically (no master).</summary>
    [JsonStringEnumMemberName("adamw_8bit")] AdamW8bit,
}

/// <summary>
/// One optimisation run. AdamW with decoupled weight decay applied only to what is trained (SPEC 5: a region is an
/// exact constraint, so decay never touches frozen weights), warmup then <see cref="Schedule"/> decay to 0 at
/// <see cref="Steps"/>, global-norm clipping over the trained tensors, gradient accumulation. Not sealed: θr's block
/// (<see cref="LocUnlearn.Config.RetainConfig"/>) adds its model_path.
/// </summary>
public record TrainingConfig
{
    public int Steps { get; init; } = 100;
    public int BatchSize { get; init; } = 16;
    public int GradientAccumulation { get; init; } = 1;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; }
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public int WarmupSteps { get; init; }
    public LrSchedule Schedule { get; init; } = LrSchedule.Constant;
    /// <summary>Max global gradient norm; 0 disables clipping.</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    public long Seed { get; init; }
    /// <summary>Batch items of similar length (HF's group_by_length) instead of uniformly random ones: less padding, the same
    /// items per epoch. Supervised stages only (pretrain, retain, inject, relearn); unlearning and reconstruction runs pair
    /// their batches themselves (SPEC 4.6) and refuse it.</summary>
    public bool LengthBuckets { get; init; }
    /// <summary>Recompute each decoder layer in the backward pass instead of keeping its activations
    /// (<see cref="LocUnlearn.Model.LlamaForCausalLM.ActivationCheckpointing"/>): the same gradients, about one more
    /// forward pass of compute, activation memory of one layer plus each layer's input.</summary>
    public bool ActivationCheckpointing { get; init; }
    /// <summary>Full-parameter training's optimizer (<see cref="OptimizerKind"/>); region deltas keep fp32 AdamW.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    public void Validate(string where)
    {
        void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"{where}: {message}");
        }
        Require(Steps >= 0, $"steps must be >= 0, got {Steps}.");
        Require(BatchSize > 0, $"batch_size must be positive, got {BatchSize}.");
        Require(GradientAccumulation > 0, $"gradient_accumulation must be positive, got {GradientAccumulation}.");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"learning_rate must be positive, got {LearningRate}.");
        Require(WeightDecay >= 0, $"weight_decay must be >= 0, got {WeightDecay}.");
        Require(WarmupSteps >= 0, $"warmup_steps must be >= 0, got {WarmupSteps}.");
        Require(MaxGradNorm >= 0, $"max_grad_norm must be >= 0, got {MaxGradNorm}.");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "betas must lie in [0, 1).");
    }

    /// <summary>Learning rate of optimizer step <paramref name="k"/> (0-based), as HF's get_*_schedule_with_warmup.</summary>
    public double LearningRateAt(int k)
    {
        if (k < WarmupSteps)
            return LearningRate * k / Math.Max(1, WarmupSteps);
        double decaySteps = Math.Max(1, Steps - WarmupSteps);
        return Schedule switch
        {
            LrSchedule.Linear => LearningRate * Math.Max(0, (Steps - k) / decaySteps),
            LrSchedule.Cosine => LearningRate * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * (k - WarmupSteps) / decaySteps))),
            _ => LearningRate,
        };
    }
}
