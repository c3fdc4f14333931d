using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Training;

/// <summary>CausalLmLoss.LabelledMeanNll (the supervised stages' loss) is MeanNll over the full logits, value and gradients.</summary>
public sealed class LabelledLossTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LabelledMeanNllEqualsTheFullLogitsMeanWithTheSameGradients(bool tied)
    {
        using var model = TinyModels.Create(TinyModels.Config(tied: tied));
        using var ids = TinyModels.Ids([1, 5, 6, 7, 8, 2], [1, 9, 10, 11, 0, 0]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 6]);
        // Prompt tokens and padding ignored; answers of 3 and 2 tokens (EOS included in the first).
        using var labels = tensor(new long[] { -100, -100, 6, 7, 8, 2, -100, -100, 10, 11, -100, -100 }, [2, 6]);

        float Grads(Func<Tensor> loss, List<Tensor> into)
        {
            model.zero_grad();
            using var l = loss();
            l.backward();
            into.AddRange(model.parameters().Select(p => p.grad!.clone()));
            return l.item<float>();
        }
        var full = new List<Tensor>();
        var labelled = new List<Tensor>();
        float a = Grads(() => CausalLmLoss.MeanNll(model.forward(ids, mask), labels), full);
        float b = Grads(() => CausalLmLoss.LabelledMeanNll(model, ids, mask, labels), labelled);

        Assert.True(Math.Abs(a - b) <= 1e-6 * a, $"{a} vs {b}");
        Assert.True(a > 0.1f, $"loss {a}");
        for (int i = 0; i < full.Count; i++)
            Assert.True(full[i].allclose(labelled[i], rtol: 1e-4, atol: 1e-6), $"gradient {i} differs");
    }
}
