using System.Diagnostics;
using LocUnlearn.Study.Stages;
using LocUnlearn.Localization;
using LocUnlearn.Model;
using LocUnlearn.Regions;

namespace LocUnlearn.Study.Units;

/// <summary>A localizer's region on θo (SPEC 7) and how much of the true V_tgt it finds.</summary>
public sealed record LocalizedRegion(string Method, Region Region, LocalizationQuality Quality);

/// <summary>
/// Scores every value vector of θo with one localizer, keeps the top p (p = V_tgt's fraction), and records recall and
/// precision of V_tgt. Scores are saved (scores.json) so the region can be re-cut at another p without recomputing.
/// </summary>
public static class LocalizeUnit
{
    public const string ScoresFile = "scores.json";
    public const string RegionFileName = "region.json";

    public static LocalizedRegion Run(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, string method)
    {
        string dir = ctx.Layout.Localize(seed.Seed, method);
        double fraction = ctx.Config.Inject.Fraction;
        int maxItems = ctx.Config.Localization.MaxItems;
        var settings = ctx.Config.Localization.Settings;
        string fingerprint = StageStore.Fingerprint("localize", seed.ThetaOFingerprint, method, fraction, maxItems, settings);
        ValueVectorScores scores;
        if (StageStore.Completed(dir, fingerprint, ctx.Progress.Log) is not null)
        {
            scores = ValueVectorScores.Load(Path.Combine(dir, ScoresFile));
        }
        else
        {
            StageStore.Reset(dir);
            var clock = Stopwatch.StartNew();
            var forget = maxItems > 0 ? ctx.Data.Forget.Take(maxItems).ToList() : ctx.Data.Forget;
            var retain = maxItems > 0 ? ctx.Data.Retain.Take(maxItems).ToList() : ctx.Data.Retain;
            using (ctx.Progress.Start("localize", $"{method} seed {seed.Seed}", 0))
                scores = Localizers.Create(method, settings).Score(new LocalizationInputs(thetaO, forget, retain, ctx.Data.Collator,
                    ctx.Config.Evaluation.BatchSize, seed.Seed));
            scores.Save(Path.Combine(dir, ScoresFile));
            var quality = LocalizationQuality.Of(scores, seed.Target, fraction);
            RegionFile.Save(scores.Top(fraction), Path.Combine(dir, RegionFileName), method, $"top {fraction:P0} of {method} scores on θo, seed {seed.Seed}");
            StageStore.Write(dir, new StageRecord
            {
                Stage = "localize",
                Fingerprint = fingerprint,
                WallSeconds = clock.Elapsed.TotalSeconds,
                Inputs = new Dictionary<string, string> { ["theta_o"] = seed.ThetaOFingerprint, ["method"] = method },
                RegionFile = RegionFileName,
                Metrics = new Dictionary<string, double>
                {
                    ["fraction"] = fraction,
                    ["recall_of_v_tgt"] = quality.Overlap.Recall,
                    ["precision_of_v_tgt"] = quality.Overlap.Precision,
                    ["jaccard_with_v_tgt"] = quality.Overlap.Jaccard,
                    ["chance_recall"] = quality.Overlap.ChanceRecall,
                },
            });
        }
        return new LocalizedRegion(method, scores.Top(fraction), LocalizationQuality.Of(scores, seed.Target, fraction));
    }
}
