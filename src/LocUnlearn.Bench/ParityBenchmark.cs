using static TorchSharp.torch;
using LocUnlearn.Model;

namespace LocUnlearn.Bench;

/// <summary>
/// `bench parity --device D`: logits of small random LLaMA-3 and OLMo2 models on D against the CPU's fp32 logits of
/// the same weights and inputs (two rows, one left-padded, so the attention mask path runs too). fp32 on D must agree
/// to <see cref="Fp32Tolerance"/>; bf16 on D is compared with fp32 on the CPU, relative to the largest logit, and must
/// stay within <see cref="Bf16Tolerance"/> (bf16 keeps 8 significant bits, 2^-8 ≈ 0.004 per rounding, and the
/// error grows through the layers); the CPU's own bf16 error is printed beside it for scale.
/// </summary>
public static class ParityBenchmark
{
    public const double Fp32Tolerance = 1e-4;
    public const double Bf16Tolerance = 0.05;
    private const int Tokens = 48, Padding = 8;

    public static BenchCaseResult Run(BenchSettings settings)
    {
        var device = BenchModels.ParseDevice(settings.Device);
        var metrics = new List<BenchMetric>();
        var targets = new List<BenchTarget>();
        foreach (var (name, config) in new[] { ("llama3", BenchModels.SmallLlama3()), ("olmo2", BenchModels.SmallOlmo2()) })
        {
            using var scope = NewDisposeScope();
            var (ids, mask) = Inputs(config.VocabSize, settings.Seed);
            using var cpu = BenchModels.Random(config, settings.Seed, CPU, ScalarType.Float32);
            var reference = Logits(cpu, ids, mask);
            double scale = reference.abs().max().item<float>();
            double fp32 = MaxAbsDiff(reference, OnDevice(cpu, device, ScalarType.Float32, ids, mask));
            double bf16 = MaxAbsDiff(reference, OnDevice(cpu, device, ScalarType.BFloat16, ids, mask)) / scale;
            double cpuBf16 = MaxAbsDiff(reference, OnDevice(cpu, CPU, ScalarType.BFloat16, ids, mask)) / scale;
            metrics.Add(new($"{name}.fp32_max_abs_diff", fp32, "logit"));
            metrics.Add(new($"{name}.bf16_max_rel_diff", bf16, "ratio"));
            metrics.Add(new($"{name}.cpu_bf16_max_rel_diff", cpuBf16, "ratio"));
            metrics.Add(new($"{name}.max_abs_logit", scale, "logit"));
            targets.Add(new($"{name}: fp32 on {device} vs CPU", $"max |Δ| <= {Fp32Tolerance:0e0}", fp32, fp32 <= Fp32Tolerance));
            targets.Add(new($"{name}: bf16 on {device} vs CPU fp32", $"max |Δ| / max |logit| <= {Bf16Tolerance}", bf16, bf16 <= Bf16Tolerance));
        }
        var notes = new List<string>
        {
            "Models: d=128, 3 layers, d_ff=344, 4 heads / 2 KV heads (head_dim 32), vocab 512, init std 0.1; " +
            "llama3: llama3 RoPE scaling (factor 8), untied; olmo2: q/k norms, post-sublayer norms, tied.",
            $"Inputs: 2 rows × {Tokens} random tokens, the second left-padded by {Padding} " +
            "(attention mask 0 there; padded positions are left out of the comparison). " +
            "Weights drawn once on the CPU in fp32 and copied (bf16: rounded once).",
        };
        return new BenchCaseResult("parity", metrics, targets, notes);
    }

    private static (Tensor Ids, Tensor Mask) Inputs(int vocab, long seed)
    {
        var ids = randint(3, vocab, [2, Tokens], dtype: ScalarType.Int64, generator: new Generator((ulong)seed));
        var mask = ones(2, Tokens, dtype: ScalarType.Int64);
        mask[1, TensorIndex.Slice(0, Padding)] = zeros(Padding, dtype: ScalarType.Int64);
        ids[1, TensorIndex.Slice(0, Padding)] = zeros(Padding, dtype: ScalarType.Int64);
        return (ids, mask);
    }

    /// <summary>fp32 logits on the CPU, the padded positions zeroed (their values mean nothing).</summary>
    private static Tensor Logits(LlamaForCausalLM model, Tensor ids, Tensor mask)
    {
        using var _ = no_grad();
        var d = model.Device;
        var logits = model.forward(ids.to(d), mask.to(d)).to(ScalarType.Float32).cpu();
        return logits * mask.unsqueeze(-1).to(ScalarType.Float32);
    }

    private static Tensor OnDevice(LlamaForCausalLM cpu, Device device, ScalarType dtype, Tensor ids, Tensor mask)
    {
        using var model = BenchModels.CopyOf(cpu, device, dtype);
        return Logits(model, ids, mask);
    }

    private static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
