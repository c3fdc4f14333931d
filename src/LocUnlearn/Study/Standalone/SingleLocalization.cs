using LocUnlearn.Localization;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Regions;

namespace LocUnlearn.Study.Standalone;

/// <summary>What `locunlearn localize` found: the region, where its scores went, and (with a target) its quality.</summary>
public sealed record LocalizeOutcome(Region Region, string ScoresFile, LocalizationQuality? Quality);

/// <summary>One localizer on one model outside a study, the same scoring and top-p cut as the study's LocalizeJob.</summary>
public static class SingleLocalization
{
    public static LocalizeOutcome Run(LocalizeRequest r)
    {
        if (!(r.Fraction > 0 && r.Fraction <= 1))
            throw new ArgumentException($"--fraction must lie in (0, 1], got {r.Fraction}.");
        if (r.MaxItems < 0)
            throw new ArgumentException($"--max-items must be >= 0, got {r.MaxItems}.");
        if (Directory.Exists(r.Out))
            throw new ArgumentException($"--out: {r.Out} is a folder; give the region file to write, e.g. {Path.Combine(r.Out, r.Method + ".json")}.");
        if (r.BatchSize < 1)
            throw new ArgumentException($"--batch-size must be >= 1, got {r.BatchSize}.");
        var localizer = Localizers.Create(r.Method);
        using var data = StandaloneData.Load(r.Model);
        using var model = ModelFolder.Load(r.Model.ModelDir, new ModelLoadOptions(r.Model.Device));
        var shape = new RegionShape(model.Config.NumHiddenLayers, model.Config.IntermediateSize);
        // Read the target before the slow scoring, so a wrong file fails at once.
        var target = r.Target is { } t ? RegionFile.Load(t, shape) : null;
        var forget = r.MaxItems > 0 ? data.Forget.Take(r.MaxItems).ToList() : data.Forget;
        var retain = r.MaxItems > 0 ? data.Retain.Take(r.MaxItems).ToList() : data.Retain;
        var scores = localizer.Score(new LocalizationInputs(model, forget, retain, data.Collator, r.BatchSize, r.Seed));
        string scoresFile = LocalizeRequest.ScoresPath(r.Out);
        scores.Save(scoresFile);
        var region = scores.Top(r.Fraction);
        RegionFile.Save(region, r.Out, r.Method, $"top {r.Fraction:P1} of {r.Method} scores on {Path.GetFullPath(r.Model.ModelDir)}");
        return new LocalizeOutcome(region, scoresFile, target is null ? null : LocalizationQuality.Of(scores, target, r.Fraction));
    }
}
