using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// llm.c-style parity: the model, loss, gradients and full-parameter AdamW against a dump that PyTorch computed from
/// Hugging Face's LlamaForCausalLM / Olmo2ForCausalLM definitions (scripts/reference/make_model_reference.py, written
/// without looking at our C#). Every other numerical test of the model is C# by the same hands as the model; a shared
/// misreading of an HF convention (RoPE scaling, norm placement, tied weights, loss shift) would pass those, not this.
/// llama3: GQA 4/2, llama3 rope_scaling, tied embeddings. olmo2: post-norms, q_norm/k_norm, pad_token_id in config.
/// </summary>
public sealed class PyTorchReferenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("llama3")]
    [InlineData("olmo2")]
    public void LogitsAndLossMatchHuggingFace(string name)
    {
        using var reference = new PyTorchReference(name);
        using var model = reference.LoadModel();
        using var scope = NewDisposeScope();
        var ids = reference.Read("input_ids");
        var mask = reference.Read("attention_mask");
        using var _ = no_grad();
        var logits = model.forward(ids, mask);
        // Pad positions' logits depend on the position ids given to pads (HF's forward: arange, generate: 1) and never
        // reach a loss; the real positions are compared.
        var real = mask.to(ScalarType.Bool).unsqueeze(-1).expand_as(logits);
        var onLogits = Agreement.Of(logits.masked_select(real), reference.Read("logits").masked_select(real));
        double loss = CausalLmLoss.MeanNll(logits, reference.Read("labels")).item<float>();
        var onLoss = Agreement.Of(loss, reference.Loss);
        output.WriteLine($"{name} logits: {onLogits}");
        output.WriteLine($"{name} loss {loss:R} vs {reference.Loss:R}: {onLoss}");
        Assert.Equal(0, onLogits.Violations);
        Assert.Equal(0, onLoss.Violations);
    }

    [Theory]
    [InlineData("llama3")]
    [InlineData("olmo2")]
    public void EveryParameterGradientMatchesHuggingFace(string name)
    {
        using var reference = new PyTorchReference(name);
        using var model = reference.LoadModel();
        using var scope = NewDisposeScope();
        CausalLmLoss.MeanNll(model.forward(reference.Read("input_ids"), reference.Read("attention_mask")),
            reference.Read("labels")).backward();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // Tied embeddings: one parameter, so HF's model.embed_tokens.weight gradient holds the lm_head's share too.
        Assert.Equal(reference.GradientNames.Order(), parameters.Keys.Order());
        var all = new List<Agreement>();
        foreach (var (parameterName, parameter) in parameters)
        {
            var agreement = Agreement.Of(parameter.grad!, reference.Read("grad." + parameterName));
            output.WriteLine($"{name} grad {parameterName}: {agreement}");
            all.Add(agreement);
        }
        var worst = Agreement.Worst(all);
        output.WriteLine($"{name} gradients, all {all.Count} tensors: {worst}");
        Assert.Equal(0, worst.Violations);
    }

    [Theory]
    [InlineData("llama3")]
    [InlineData("olmo2")]
    public void FullParameterAdamWFollowsTheTorchTrajectory(string name)
    {
        using var reference = new PyTorchReference(name);
        using var model = reference.LoadModel();
        var examples = reference.Examples();
        var collator = new Collator(PadId: model.Config.PadTokenId ?? 0);
        using (var batch = collator.Collate(examples, [0, 1]))
        using (var ids = reference.Read("input_ids"))
        using (var labels = reference.Read("labels"))
        {
            // The training path must see exactly the dumped batch (a batch of both rows, whatever their order).
            Assert.True(batch.InputIds.equal(ids).all().item<bool>() && batch.Labels.equal(labels).all().item<bool>());
        }
        var config = reference.AdamWConfig();
        var loss = SupervisedLoss.Create(model, examples, collator, config.BatchSize, seed: 3);
        var result = new Trainer().Train(new FullParameterSet(model), config, loss, $"reference {name}");
        double[] expected = reference.AdamWLosses;
        Assert.Equal(expected.Length, result.Losses.Count);
        var steps = expected.Select((e, k) => Agreement.Of(result.Losses[k], e)).ToList();
        for (int k = 0; k < expected.Length; k++)
            output.WriteLine($"{name} AdamW step {k}: loss {result.Losses[k]:F7} vs {expected[k]:F7}");
        var worst = Agreement.Worst(steps);
        output.WriteLine($"{name} AdamW trajectory ({config.Steps} steps, lr {config.LearningRate}, wd {config.WeightDecay}): {worst}");
        Assert.Equal(0, worst.Violations);
    }
}
