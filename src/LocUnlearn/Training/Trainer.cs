using System.Diagnostics;
using static TorchSharp.torch;

namespace LocUnlearn.Training;

/// <summary>
/// The one optimisation loop of LocUnlearn (stages, unlearning, reconstruction): for each step, accumulate the
/// micro-batch losses' gradients, clip, and take an optimizer step over the trainable set only
/// (<see cref="MaskedAdamW"/>, or <see cref="AdamW8bit"/> for full-parameter training when configured).
/// </summary>
public sealed class Trainer
{
    /// <summary>Loss of micro-batch <paramref name="micro"/> of 0-based step <paramref name="step"/> (a scalar with grad).</summary>
    public delegate Tensor MicroBatchLoss(int step, int micro);

    /// <summary>Called after each optimizer step with the 0-based step index and its mean loss.</summary>
    public delegate void StepDone(int step, double loss);

    public TrainingResult Train(ITrainableSet trainable, TrainingConfig config, MicroBatchLoss loss, string context,
        StepDone? onStep = null, CancellationToken cancel = default)
    {
        config.Validate(context);
        var clock = Stopwatch.StartNew();
        var model = trainable.Model;
        bool checkpointing = model.ActivationCheckpointing;
        model.ActivationCheckpointing = config.ActivationCheckpointing;
        try
        {
            using var optimizer = CreateOptimizer(trainable, config);
            var losses = new List<double>(config.Steps);
            for (int step = 0; step < config.Steps; step++)
            {
                cancel.ThrowIfCancellationRequested();
                TrainableGradients.Zero(trainable.Tensors);
                double total = 0;
                for (int micro = 0; micro < config.GradientAccumulation; micro++)
                {
                    using var scope = NewDisposeScope();
                    var l = loss(step, micro);
                    double value = l.to(ScalarType.Float32).item<float>(); // item<float> refuses a bf16 tensor
                    if (!double.IsFinite(value))
                        throw new NonFiniteLossException(step, value, context);
                    (l / config.GradientAccumulation).backward();
                    model.CompleteBackward();
                    total += value;
                }
                if (config.MaxGradNorm > 0)
                    TrainableGradients.ClipGlobalNorm(trainable.Tensors, config.MaxGradNorm);
                optimizer.Step(config.LearningRateAt(step));
                double mean = total / config.GradientAccumulation;
                losses.Add(mean);
                onStep?.Invoke(step, mean);
            }
            return new TrainingResult(config.Steps, losses, trainable.ParameterCount, optimizer.StateBytes, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            model.ActivationCheckpointing = checkpointing;
        }
    }

    /// <summary>Region deltas always get <see cref="MaskedAdamW"/>: their state is O(region), and its decay acts on base +
    /// delta, which the 8-bit optimizer does not do.</summary>
    private static IOptimizer CreateOptimizer(ITrainableSet trainable, TrainingConfig config) =>
        config.Optimizer == OptimizerKind.AdamW8bit && trainable is FullParameterSet
            ? new AdamW8bit(trainable.Tensors, config)
            : new MaskedAdamW(trainable.Tensors, config);
}
