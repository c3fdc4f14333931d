using static TorchSharp.torch;

namespace LocUnlearn.Model;

/// <summary>
/// What the backward passes of <see cref="CheckpointedLayer"/> leave behind, owned by the model. Two things cannot be
/// done inside the backward callback itself:
/// <list type="bullet">
/// <item>TorchSharp copies a custom function's returned gradient into the graph but keeps its own handle to it, so
/// every layer's input gradient (B, T, C) would stay allocated until the garbage collector finalizes the handle; each
/// call releases the previous call's gradient instead (libtorch has taken its copy by then), and
/// <see cref="Complete"/> releases the last one.</item>
/// <item>An exception must not leave the callback (it would cross native frames and end the process): a failed
/// recomputation (e.g. out of memory) is kept and rethrown by <see cref="Complete"/> or, at the latest, by the next
/// checkpointed forward pass.</item>
/// </list>
/// </summary>
internal sealed class CheckpointBackward : IDisposable
{
    private readonly object gate = new(); // on a GPU, autograd runs the callbacks on its device thread
    private Tensor? returned;
    private Exception? failure;

    /// <summary>Keeps <paramref name="gradient"/>, just returned to autograd, and releases the one returned before.</summary>
    public void Hold(Tensor gradient)
    {
        lock (gate)
        {
            returned?.Dispose();
            returned = gradient;
        }
    }

    public void Fail(Exception e)
    {
        lock (gate)
            failure ??= e;
    }

    /// <summary>After a backward pass: releases the last returned gradient and rethrows a failed recomputation.</summary>
    public void Complete()
    {
        Exception? e;
        lock (gate)
        {
            returned?.Dispose();
            returned = null;
            e = failure;
            failure = null;
        }
        if (e is not null)
            throw new InvalidOperationException("activation checkpointing: recomputing a decoder layer in the backward pass failed; " +
                "the gradients of that pass are incomplete.", e);
    }

    public void Dispose()
    {
        lock (gate)
        {
            returned?.Dispose();
            returned = null;
        }
    }
}
