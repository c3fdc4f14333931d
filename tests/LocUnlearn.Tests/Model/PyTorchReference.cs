using System.Text.Json.Nodes;
using LocUnlearn.Data;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Training;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

/// <summary>
/// One dump of scripts/reference/make_model_reference.py (Model/Reference/&lt;name&gt;/, copied next to the test
/// assembly): a HF model folder, the batch, and what PyTorch computed from Hugging Face's definitions for it.
/// </summary>
internal sealed class PyTorchReference : IDisposable
{
    private readonly SafeTensorsFile tensors;
    private readonly JsonObject json;

    public PyTorchReference(string name)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Model", "Reference", name);
        ModelDir = Path.Combine(dir, "model");
        tensors = SafeTensorsFile.Open(Path.Combine(dir, "reference.safetensors"));
        json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "reference.json")))!.AsObject();
    }

    public string ModelDir { get; }

    /// <summary>A tensor of the dump by name: input_ids, attention_mask, labels (B, T) int64; logits (B, T, V);
    /// grad.&lt;HF parameter name&gt;.</summary>
    public Tensor Read(string name) => tensors.Read(name);

    public IEnumerable<string> GradientNames =>
        tensors.Entries.Keys.Where(k => k.StartsWith("grad.", StringComparison.Ordinal)).Select(k => k["grad.".Length..]);

    /// <summary>HF's mean NLL of the batch (shifted labels, -100 ignored), computed in float64.</summary>
    public double Loss => json["loss"]!.GetValue<double>();

    /// <summary>The loss before each AdamW step of the dump's full-parameter run.</summary>
    public double[] AdamWLosses => json["adamw_losses"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();

    /// <summary>The dump's torch.optim.AdamW + clip_grad_norm_ settings as our trainer's config (constant lr).</summary>
    public TrainingConfig AdamWConfig()
    {
        var a = json["adamw"]!;
        double Get(string key) => a[key]!.GetValue<double>();
        return new TrainingConfig
        {
            Steps = (int)Get("steps"), BatchSize = 2, LearningRate = Get("lr"), Beta1 = Get("beta1"), Beta2 = Get("beta2"),
            Epsilon = Get("eps"), WeightDecay = Get("weight_decay"), MaxGradNorm = Get("max_grad_norm"),
        };
    }

    /// <summary>The batch's rows as examples (padding stripped): collated right-padded, they give the dump's batch back.</summary>
    public IReadOnlyList<EncodedExample> Examples()
    {
        using var ids = Read("input_ids");
        using var mask = Read("attention_mask");
        using var labels = Read("labels");
        int width = (int)ids.shape[1];
        long[] allIds = ids.data<long>().ToArray(), allMask = mask.data<long>().ToArray(), allLabels = labels.data<long>().ToArray();
        return Enumerable.Range(0, (int)ids.shape[0]).Select(b =>
        {
            int length = (int)allMask.Skip(b * width).Take(width).Sum();
            long[] rowIds = allIds.Skip(b * width).Take(length).ToArray();
            long[] rowLabels = allLabels.Skip(b * width).Take(length).ToArray();
            return new EncodedExample(rowIds, rowLabels, rowLabels.TakeWhile(l => l == EncodedExample.IgnoreIndex).Count());
        }).ToList();
    }

    public LlamaForCausalLM LoadModel() => ModelFolder.Load(ModelDir);

    public void Dispose() => tensors.Dispose();
}

/// <summary>
/// Elementwise agreement |actual - expected| &lt;= Tolerance · max(1, |expected|): absolute for the small values
/// (gradients, most logits), relative where magnitudes exceed 1. <see cref="MaxRel"/> reports the error against the
/// tensor's own scale, max |actual - expected| / max |expected|, which the absolute bound alone would hide for small
/// gradients.
/// </summary>
internal readonly record struct Agreement(double MaxAbs, double MaxRel, long Violations, long Count)
{
    public const double Tolerance = 1e-4;

    public static Agreement Of(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        var e = expected.to(ScalarType.Float64);
        var diff = (a - e).abs();
        var bound = e.abs().clamp_min(1.0) * Tolerance;
        double maxAbs = diff.max().item<double>();
        double scale = e.abs().max().item<double>();
        return new Agreement(maxAbs, scale > 0 ? maxAbs / scale : maxAbs, (diff > bound).sum().item<long>(), e.numel());
    }

    public static Agreement Of(double actual, double expected) =>
        new(Math.Abs(actual - expected), Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon),
            Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)) ? 0 : 1, 1);

    public static Agreement Worst(IEnumerable<Agreement> all) => all.Aggregate((x, y) =>
        new Agreement(Math.Max(x.MaxAbs, y.MaxAbs), Math.Max(x.MaxRel, y.MaxRel), x.Violations + y.Violations, x.Count + y.Count));

    public override string ToString() =>
        $"max |diff| {MaxAbs:0.00e+00}, max relative {MaxRel:0.00e+00}, {Violations} of {Count} beyond {Tolerance:0e+00}·max(1,|ref|)";
}
