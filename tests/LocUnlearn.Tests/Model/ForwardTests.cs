using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class ForwardTests
{
    private static float[] Row(Tensor logits, int b, int t) => logits[b, t].data<float>().ToArray();

    [Theory]
    [InlineData(Architecture.Llama, false, false)]
    [InlineData(Architecture.Llama, true, true)]
    [InlineData(Architecture.Olmo2, false, false)]
    public void FastForwardMatchesSlowReference(Architecture arch, bool tied, bool bias)
    {
        using var model = TinyModels.Create(TinyModels.Config(arch, tied, bias: bias && arch == Architecture.Llama));
        long[] ids = [1, 5, 9, 3, 17, 22];
        using var logits = model.forward(TinyModels.Ids(ids));
        var reference = new ReferenceForward(model).Logits(ids);
        for (int t = 0; t < ids.Length; t++)
        {
            var fast = Row(logits, 0, t);
            for (int v = 0; v < fast.Length; v++)
                Assert.True(Math.Abs(fast[v] - reference[t][v]) < 1e-4, $"t={t} v={v}: {fast[v]} vs {reference[t][v]}");
        }
    }

    [Fact]
    public void ChangingTokenTChangesNoLogitBeforeT()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        using var a = model.forward(TinyModels.Ids([1, 5, 9, 3, 17, 22]));
        using var b = model.forward(TinyModels.Ids([1, 5, 9, 30, 17, 22]));
        for (int t = 0; t < 3; t++)
            Assert.Equal(Row(a, 0, t), Row(b, 0, t));
        Assert.NotEqual(Row(a, 0, 3), Row(b, 0, 3));
    }

    [Theory]
    [InlineData(Architecture.Llama)]
    [InlineData(Architecture.Olmo2)]
    public void LeftAndRightPaddedBatchesMatchUnpaddedSequences(Architecture arch)
    {
        using var model = TinyModels.Create(TinyModels.Config(arch));
        long[] s1 = [1, 5, 9, 3, 17, 22], s2 = [1, 7, 8];
        using var single1 = model.forward(TinyModels.Ids(s1));
        using var single2 = model.forward(TinyModels.Ids(s2));
        using var left = model.forward(TinyModels.Ids(s1, [0, 0, 0, 1, 7, 8]), TinyModels.Ids([1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1]));
        using var right = model.forward(TinyModels.Ids(s1, [1, 7, 8, 0, 0, 0]), TinyModels.Ids([1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]));
        for (int t = 0; t < 6; t++)
        {
            AssertClose(Row(single1, 0, t), Row(left, 0, t));
            AssertClose(Row(single1, 0, t), Row(right, 0, t));
        }
        for (int t = 0; t < 3; t++)
        {
            AssertClose(Row(single2, 0, t), Row(left, 1, t + 3));
            AssertClose(Row(single2, 0, t), Row(right, 1, t));
        }
        Assert.False(left.isnan().any().item<bool>(), "fully padded query rows must not produce NaN");
    }

    [Fact]
    public void GroupedQueryAttentionEqualsMultiHeadWithRepeatedKeyValueWeights()
    {
        using var gqa = TinyModels.Create(TinyModels.Config(kvHeads: 2));
        using var mha = new LlamaForCausalLM(TinyModels.Config(kvHeads: 4));
        var source = gqa.state_dict();
        using (no_grad())
        {
            foreach (var (name, target) in mha.state_dict())
            {
                var w = source[name];
                if (name.Contains("k_proj") || name.Contains("v_proj"))
                    w = w.view(2, 4, 16).repeat_interleave(2, dim: 0).reshape(16, 16); // kv head g serves heads 2g, 2g+1
                target.copy_(w);
            }
        }
        var ids = TinyModels.Ids([1, 5, 9, 3, 17, 22]);
        using var a = gqa.forward(ids);
        using var b = mha.forward(ids);
        for (int t = 0; t < 6; t++)
            AssertClose(Row(a, 0, t), Row(b, 0, t));
    }

    [Fact]
    public void TiedEmbeddingsAreOneParameter()
    {
        using var model = TinyModels.Create(TinyModels.Config(tied: true));
        Assert.Null(model.lm_head);
        Assert.DoesNotContain(model.named_parameters(), p => p.name.StartsWith("lm_head"));
        Assert.Single(model.parameters(), p => p.shape.SequenceEqual(new long[] { 40, 16 }));
        var ids = TinyModels.Ids([1, 5, 9]);
        using var before = model.forward(ids);
        using (no_grad())
            model.OutputWeight[7].add_(1.0f); // an lm_head update is an embedding update
        using var after = model.forward(ids);
        Assert.NotEqual(Row(before, 0, 0)[7], Row(after, 0, 0)[7]);
        Assert.Equal(model.model.embed_tokens.weight![7].data<float>().ToArray(), model.OutputWeight[7].data<float>().ToArray());
    }

    [Fact]
    public void LossIsShiftedAndIgnoresMinus100()
    {
        using var model = TinyModels.Create(TinyModels.Config());
        var ids = TinyModels.Ids([1, 5, 9, 3]);
        var labels = TinyModels.Ids([-100, -100, 9, 3]);
        using var logits = model.forward(ids);
        using var loss = CausalLmLoss.MeanNll(logits, labels);
        var lp = logits.log_softmax(-1);
        double expected = -(lp[0, 1, 9].item<float>() + lp[0, 2, 3].item<float>()) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
        var (seq, count) = CausalLmLoss.SequenceLogProbs(logits, labels);
        Assert.Equal(-2 * expected, seq.item<float>(), 4);
        Assert.Equal(2f, count.item<float>());
    }

    internal static void AssertClose(float[] a, float[] b, double tol = 1e-4)
    {
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) < tol, $"index {i}: {a[i]} vs {b[i]}");
    }
}
