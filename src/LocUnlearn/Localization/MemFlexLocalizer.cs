using LocUnlearn.Data;
using static TorchSharp.torch;

namespace LocUnlearn.Localization;

/// <summary>
/// MemFlex (Tian et al. 2024), reformulated to value vectors [SPEC 7 default]: g_f = mean gradient of the NLL on forget
/// items whose answer tokens are half replaced by random tokens (seeded), g_r = mean gradient on retain items; per value
/// vector cos_i = cos(g_f[:,i], g_r[:,i]) and mag_i = mean |g_f[:,i]|. Located: cos_i below the cosine threshold and
/// mag_i above the magnitude threshold (default median). So that any p% can be cut from one score file, located
/// vectors score 1 + mag_i/max(mag) ∈ [1, 2] (ranked by mag_i) and the rest 0.5·r_i/max(r) ∈ [0, 0.5] with
/// r_i = mag_i·(1 - cos_i): every located vector ranks above every other, each group in its own order.
/// </summary>
public sealed class MemFlexLocalizer(MemFlexSettings settings) : ILocalizer
{
    public string Name => "memflex";

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var model = inputs.Model;
        var corrupted = Corrupt(inputs.Forget, model.Config.VocabSize, settings.ReplaceFraction, inputs.Seed);
        var gf = DownProjGradients.Mean(model, inputs.Batches(corrupted), corrupted.Count);
        var gr = DownProjGradients.Mean(model, inputs.Batches(inputs.Retain), inputs.Retain.Count);
        try
        {
            int layers = gf.Length;
            var cos = new float[layers][];
            var mag = new float[layers][];
            for (int l = 0; l < layers; l++)
            {
                using var scope = NewDisposeScope();
                var dot = (gf[l] * gr[l]).sum(dim: 0);
                var norms = gf[l].pow(2).sum(dim: 0).sqrt() * gr[l].pow(2).sum(dim: 0).sqrt();
                cos[l] = (dot / norms.clamp_min(1e-30)).cpu().data<float>().ToArray();
                mag[l] = gf[l].abs().mean(dimensions: [0]).cpu().data<float>().ToArray();
            }
            return new ValueVectorScores(Name, Combine(cos, mag));
        }
        finally
        {
            foreach (var t in gf.Concat(gr)) t.Dispose();
        }
    }

    private float[][] Combine(float[][] cos, float[][] mag)
    {
        var allMag = mag.SelectMany(m => m).OrderBy(m => m).ToArray();
        double threshold = settings.MagnitudeThreshold ?? Median(allMag);
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

    /// <summary>Each item's answer tokens (labelled positions), a <paramref name="fraction"/> of them chosen by the seed,
    /// replaced by uniform random token ids in input and label alike.</summary>
    public static IReadOnlyList<EncodedExample> Corrupt(IReadOnlyList<EncodedExample> items, int vocab, double fraction, long seed)
    {
        var rng = SplitMix64.ForStream(seed, "memflex/corrupt-answers");
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
