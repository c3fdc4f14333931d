using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// An obviously-correct, slow forward pass for one unpadded sequence: plain double arithmetic, explicit loops over
/// positions, heads and keys, explicit softmax; shares nothing with the fast path but the weights.
/// </summary>
internal sealed class ReferenceForward(LlamaForCausalLM model)
{
    private readonly LlamaConfig c = model.Config;
    private readonly Dictionary<string, Tensor> w = model.state_dict();

    private double[,] M(string name)
    {
        var t = w[name].to(ScalarType.Float64);
        var d = t.data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = d[i * cols + j];
        return m;
    }

    private double[] V(string name) => w[name].to(ScalarType.Float64).data<double>().ToArray();

    private static double[] MatVec(double[,] m, double[] x)
    {
        var y = new double[m.GetLength(0)];
        for (int i = 0; i < y.Length; i++) for (int j = 0; j < x.Length; j++) y[i] += m[i, j] * x[j];
        return y;
    }

    private double[] Linear(string prefix, double[] x)
    {
        var y = MatVec(M(prefix + ".weight"), x);
        if (w.ContainsKey(prefix + ".bias"))
        {
            var b = V(prefix + ".bias");
            for (int i = 0; i < y.Length; i++) y[i] += b[i];
        }
        return y;
    }

    private double[] Norm(string name, double[] x)
    {
        double ms = x.Sum(v => v * v) / x.Length;
        double r = 1 / Math.Sqrt(ms + c.RmsNormEps);
        var g = V(name);
        return x.Select((v, i) => v * r * g[i]).ToArray();
    }

    private double[] Rope(double[] x, int pos)
    {
        int half = x.Length / 2;
        var y = new double[x.Length];
        for (int j = 0; j < half; j++)
        {
            double angle = pos / Math.Pow(c.RopeTheta, 2.0 * j / x.Length);
            y[j] = x[j] * Math.Cos(angle) - x[j + half] * Math.Sin(angle);
            y[j + half] = x[j + half] * Math.Cos(angle) + x[j] * Math.Sin(angle);
        }
        return y;
    }

    private static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    public double[][] Logits(long[] ids)
    {
        int T = ids.Length, H = c.NumAttentionHeads, Hkv = c.NumKeyValueHeads, d = c.HeadDim;
        var emb = M("model.embed_tokens.weight");
        var h = ids.Select(id => Enumerable.Range(0, c.HiddenSize).Select(j => emb[id, j]).ToArray()).ToArray();
        for (int l = 0; l < c.NumHiddenLayers; l++)
        {
            string p = $"model.layers.{l}.";
            bool olmo = c.Architecture == Architecture.Olmo2;
            var attnIn = olmo ? h : h.Select(x => Norm(p + "input_layernorm.weight", x)).ToArray();
            var q = attnIn.Select(x => Linear(p + "self_attn.q_proj", x)).ToArray();
            var k = attnIn.Select(x => Linear(p + "self_attn.k_proj", x)).ToArray();
            var v = attnIn.Select(x => Linear(p + "self_attn.v_proj", x)).ToArray();
            if (olmo)
            {
                q = q.Select(x => Norm(p + "self_attn.q_norm.weight", x)).ToArray();
                k = k.Select(x => Norm(p + "self_attn.k_norm.weight", x)).ToArray();
            }
            var attnOut = new double[T][];
            for (int t = 0; t < T; t++)
            {
                var concat = new double[H * d];
                for (int head = 0; head < H; head++)
                {
                    int g = head / (H / Hkv);
                    var qh = Rope(q[t].Skip(head * d).Take(d).ToArray(), t);
                    var scores = new double[t + 1];
                    for (int s = 0; s <= t; s++)
                    {
                        var kh = Rope(k[s].Skip(g * d).Take(d).ToArray(), s);
                        scores[s] = qh.Zip(kh, (a, b) => a * b).Sum() / Math.Sqrt(d);
                    }
                    double max = scores.Max();
                    var e = scores.Select(x => Math.Exp(x - max)).ToArray();
                    double z = e.Sum();
                    for (int s = 0; s <= t; s++)
                        for (int j = 0; j < d; j++)
                            concat[head * d + j] += e[s] / z * v[s][g * d + j];
                }
                attnOut[t] = Linear(p + "self_attn.o_proj", concat);
            }
            for (int t = 0; t < T; t++)
            {
                if (olmo)
                {
                    h[t] = Add(h[t], Norm(p + "post_attention_layernorm.weight", attnOut[t]));
                    h[t] = Add(h[t], Norm(p + "post_feedforward_layernorm.weight", Mlp(p, h[t])));
                }
                else
                {
                    h[t] = Add(h[t], attnOut[t]);
                    h[t] = Add(h[t], Mlp(p, Norm(p + "post_attention_layernorm.weight", h[t])));
                }
            }
        }
        var head_ = c.TieWordEmbeddings ? emb : M("lm_head.weight");
        return h.Select(x => MatVec(head_, Norm("model.norm.weight", x))).ToArray();
    }

    private double[] Mlp(string p, double[] x)
    {
        var gate = Linear(p + "mlp.gate_proj", x);
        var up = Linear(p + "mlp.up_proj", x);
        var a = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
        return Linear(p + "mlp.down_proj", a);
    }
}
