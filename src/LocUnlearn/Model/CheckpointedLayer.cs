using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace LocUnlearn.Model;

/// <summary>
/// Activation checkpointing of one decoder layer (PyTorch's torch.utils.checkpoint, reentrant form; TorchSharp has
/// none): the forward pass runs the layer without autograd and keeps only its input (B, T, C); the backward pass runs
/// the layer again from that input with autograd and backpropagates the incoming gradients through the recomputed
/// graph, which accumulates the layer's parameter (or region delta) gradients and yields the input's gradient.
/// </summary>
/// <remarks>
/// The recomputation is exact: the model has no dropout or other randomness, the layer gets the same input, RoPE
/// angles and attention mask (saved with the input, so a regrown RoPE table or a disposed mask does not matter), and
/// region deltas and weights do not change between a forward pass and its backward pass. Captured MLP outputs and
/// coefficients are further outputs of the function, so losses on them (MLP reconstruction) backpropagate through the
/// recomputation as well; a captured residual is the layer's output itself (RMU). Parameter gradients go straight into
/// .grad, so this serves backward(), not autograd.grad() over the parameters.
/// </remarks>
internal sealed class CheckpointedLayer : MultiTensorFunction<CheckpointedLayer>
{
    private const int InputIndex = 2; // position of h in the arguments of apply (see Forward)

    /// <summary>The non-tensor arguments, kept for the backward pass.</summary>
    private sealed record Call(DecoderLayer Layer, bool IsCausal, bool MlpOutput, bool Coefficients, bool InputGrad,
        int Arguments, CheckpointBackward State)
    {
        public ActivationCapture Capture() => new()
        {
            MlpOutputLayers = MlpOutput ? new HashSet<int> { Layer.Index } : new HashSet<int>(),
            CoefficientLayers = Coefficients ? new HashSet<int> { Layer.Index } : new HashSet<int>(),
        };

        /// <summary>The layer output (B, T, C), then the captured MLP output and coefficients when asked for.</summary>
        public List<Tensor> Outputs(Tensor h, ActivationCapture capture)
        {
            var outputs = new List<Tensor> { h };
            if (MlpOutput) outputs.Add(capture.MlpOutputs[Layer.Index]);
            if (Coefficients) outputs.Add(capture.Coefficients[Layer.Index]);
            return outputs;
        }
    }

    public override string Name => nameof(CheckpointedLayer);

    /// <summary><paramref name="layer"/>.forward(h, ...) without a KV cache, its activations recomputed in backward.</summary>
    public static Tensor Forward(DecoderLayer layer, Tensor h, Tensor cos, Tensor sinRotated, AttentionMask mask,
        ActivationCapture? capture, CheckpointBackward state)
    {
        using var scope = NewDisposeScope();
        int index = layer.Index;
        // The layer's trainable tensors are arguments so that the function joins the graph when only they need a
        // gradient (layer 0 of region training: its input, the frozen embedding, does not); the recomputation
        // accumulates their gradients itself and the function returns none for them.
        var trainable = layer.parameters().Where(p => p.requires_grad).Cast<Tensor>()
            .Concat(layer.mlp.Delta?.Trainable ?? []).ToArray();
        var call = new Call(layer, mask.IsCausal, capture?.MlpOutputLayers.Contains(index) == true,
            capture?.CoefficientLayers.Contains(index) == true, h.requires_grad, 6 + trainable.Length, state);
        object?[] arguments = [call, mask, h, cos, sinRotated, mask.Mask, .. trainable];
        var outputs = apply(arguments!);
        int k = 1;
        if (call.MlpOutput) capture!.MlpOutputs[index] = outputs[k++].MoveToOuterDisposeScope();
        if (call.Coefficients) capture!.Coefficients[index] = outputs[k++].MoveToOuterDisposeScope();
        if (capture is not null && capture.ResidualLayers.Contains(index))
            capture.Residuals[index] = outputs[0].alias().MoveToOuterDisposeScope();
        return outputs[0].MoveToOuterDisposeScope();
    }

    public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
    {
        var call = (Call)vars[0];
        var (mask, h, cos, sinRotated) = ((AttentionMask)vars[1], (Tensor)vars[InputIndex], (Tensor)vars[3], (Tensor)vars[4]);
        ctx.save_for_backward([h, cos, sinRotated, mask.Mask!]);
        ctx.save_data(nameof(Call), call);
        // Unused outputs (a capture the loss ignores) get no gradient rather than zeros.
        ctx.set_materialize_grads(false);
        var capture = call.Capture();
        return call.Outputs(call.Layer.forward(h, cos, sinRotated, mask, null, capture), capture);
    }

    public override List<Tensor> backward(AutogradContext ctx, List<Tensor> gradOutputs)
    {
        var call = (Call)ctx.get_data(nameof(Call));
        var gradients = Enumerable.Repeat<Tensor>(null!, call.Arguments).ToList(); // null = no gradient
        try
        {
            using var scope = NewDisposeScope();
            var saved = ctx.get_saved_variables();
            var x = saved[0].detach().requires_grad_(call.InputGrad);
            using var mask = AttentionMask.Of(saved[3], call.IsCausal);
            var capture = call.Capture();
            Tensor h;
            using (enable_grad())
                h = call.Layer.forward(x, saved[1], saved[2], mask, null, capture);
            var pairs = call.Outputs(h, capture).Zip(gradOutputs).Where(p => !p.Second.IsInvalid && p.First.requires_grad).ToList();
            if (pairs.Count > 0)
                torch.autograd.backward(pairs.Select(p => p.First).ToList(), pairs.Select(p => p.Second).ToList());
            if (call.InputGrad && x.grad is { } gx)
            {
                gradients[InputIndex] = gx.DetachFromDisposeScope();
                call.State.Hold(gx);
            }
        }
        catch (Exception e)
        {
            call.State.Fail(e);
        }
        finally
        {
            // Handles TorchSharp made for this call: the incoming gradients are otherwise kept until the step ends.
            foreach (var g in gradOutputs) g.Dispose();
        }
        return gradients;
    }
}
