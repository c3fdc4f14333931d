using LocUnlearn.Data;
using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// MemFlex (Tian et al. 2024), reformulated to value vectors [SPEC 7 default]: g_f = mean gradient of the NLL on forget
/// items whose answer tokens are half replaced by random tokens (seeded), g_r = the same on retain items (corrupted too
/// by default, as in the KnowUnDo code; clean with retain_corrupted false); per value vector cos_i = cos(g_f[:,i],
/// g_r[:,i]) and mag_i = mean |g_f[:,i]|. Located: cos_i below the cosine threshold and mag_i above the magnitude
/// threshold (the median, or a fixed σ). So that any p% can be cut from one score file, located vectors score
/// 1 + mag_i/max(mag) ∈ [1, 2] (ranked by mag_i) and the rest 0.5·r_i/max(r) ∈ [0, 0.5] with r_i = mag_i·(1 - cos_i):
/// every located vector ranks above every other, each group in its own order.
/// </summary>
public sealed class MemFlexLocalizer(MemFlexSettings settings) : ILocalizer
{
    /// <summary>The seed streams of the two corruptions: independent, and the forget one unchanged since the retain one
    /// was added.</summary>
    public const string ForgetStream = "memflex/corrupt-answers";
    public const string RetainStream = "memflex/corrupt-retain-answers";

    public string Name => "memflex";

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var model = inputs.Model;
        int vocab = model.Config.VocabSize;
        var forget = Corrupt(inputs.Forget, vocab, settings.ReplaceFraction, inputs.Seed, ForgetStream);
        var retain = settings.RetainCorrupted ? Corrupt(inputs.Retain, vocab, settings.ReplaceFraction, inputs.Seed, RetainStream) : inputs.Retain;
        var gf = DownProjGradients.Mean(model, inputs.Batches(forget), forget.Count);
        var gr = DownProjGradients.Mean(model, inputs.Batches(retain), retain.Count);
        try
        {
            var (cos, mag) = ColumnStatistics(gf, gr);
            return new ValueVectorScores(Name, Combine(cos, mag, settings));
        }
        finally
        {
            foreach (var t in gf.Concat(gr)) t.Dispose();
        }
    }

    /// <summary>Per layer and value vector (down_proj column i): cos(g_f[:,i], g_r[:,i]) and mean |g_f[:,i]|.</summary>
    public static (float[][] Cos, float[][] Mag) ColumnStatistics(Tensor[] gf, Tensor[] gr)
    {
        var cos = new float[gf.Length][];
        var mag = new float[gf.Length][];
        for (int l = 0; l < gf.Length; l++)
        {
            using var scope = NewDisposeScope();
            var dot = (gf[l] * gr[l]).sum(dim: 0); // (intermediate)
            var norms = gf[l].pow(2).sum(dim: 0).sqrt() * gr[l].pow(2).sum(dim: 0).sqrt();
            cos[l] = (dot / norms.clamp_min(1e-30)).cpu().data<float>().ToArray();
            mag[l] = gf[l].abs().mean(dimensions: [0]).cpu().data<float>().ToArray();
        }
        return (cos, mag);
    }

    /// <summary>The scores of the class summary from the column statistics.</summary>
    public static float[][] Combine(float[][] cos, float[][] mag, MemFlexSettings settings)
    {
        var allMag = mag.SelectMany(m => m).OrderBy(m => m).ToArray();
        double threshold = settings.MagnitudeRule == MagnitudeRule.Median
            ? Median(allMag)
            : settings.MagnitudeThreshold ?? throw new ArgumentException("magnitude_rule \"fixed\" needs magnitude_threshold (σ).");
        double maxMag = Math.Max(allMag[^1], 1e-30);
        double maxRest = 1e-30;
        for (int l = 0; l < mag.Length; l++)
            for (int i = 0; i < mag[l].Length; i++)
                maxRest = Math.Max(maxRest, mag[l][i] * (1 - cos[l][i]));
        return mag.Select((m, l) => m.Select((x, i) =>
        {
            bool located = cos[l][i] < settings.CosineThreshold && x > threshold;
            return located ? (float)(1 + x / maxMag) : (float)(0.5 * x * (1 - cos[l][i]) / maxRest);
        }).ToArray()).ToArray();
    }

    private static double Median(float[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);

    /// <summary>Each item's answer tokens (labelled positions), a <paramref name="fraction"/> of them chosen by the seed
    /// and <paramref name="stream"/>, replaced by uniform random token ids in input and label alike.</summary>
    public static IReadOnlyList<EncodedExample> Corrupt(IReadOnlyList<EncodedExample> items, int vocab, double fraction, long seed, string stream)
    {
        var rng = SplitMix64.ForStream(seed, stream);
        return items.Select(e =>
        {
            var answer = Enumerable.Range(0, e.Length).Where(t => e.Labels[t] != EncodedExample.IgnoreIndex).ToArray();
            rng.Shuffle(answer);
            var ids = (long[])e.InputIds.Clone();
            var labels = (long[])e.Labels.Clone();
            foreach (int t in answer.Take((int)Math.Round(fraction * answer.Length)))
                ids[t] = labels[t] = rng.NextInt(vocab);
            return e with { InputIds = ids, Labels = labels };
        }).ToList();
    }
}
