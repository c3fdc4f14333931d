using LocUnlearn.Config;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Study.Units;

/// <summary>
/// θr's evaluation and each θo's step-0 point, computed once per run directory and kept in evaluation.json beside the
/// model (<see cref="EvaluationCache"/>): `locunlearn run`, every job of a plan and `locunlearn report` share them.
/// </summary>
public static class CachedEvaluations
{
    public static EvaluationSuite Suite(StudyContext ctx) =>
        EvaluationSuite.Prepare(ctx.Data.Reader, ctx.Data.Encoder, Settings(ctx.Config));

    /// <summary>The study's evaluation settings (also how `eval` evaluates a model that lies in a run directory).</summary>
    public static EvaluationSettings Settings(ExperimentConfig c) => new()
    {
        ForgetSplit = c.Data.ForgetSplit,
        RetainSplit = c.Data.RetainSplit,
        RetainItems = c.Evaluation.RetainItems > 0 ? c.Evaluation.RetainItems : int.MaxValue,
        MaxUtilityItems = c.Evaluation.UtilityItems > 0 ? c.Evaluation.UtilityItems : null,
        MaxNewTokens = c.Evaluation.MaxNewTokens,
        BatchSize = c.Evaluation.BatchSize,
    };

    /// <summary>θr's evaluation (its point and forget truth ratios), from the cache or computed and cached.</summary>
    public static EvaluationCache ThetaR(StudyContext ctx, string thetaR, string thetaRFingerprint)
    {
        string path = EvaluationCache.ThetaRFile(ctx.Layout);
        string fingerprint = EvaluationCache.FingerprintOf(thetaRFingerprint, ctx.Config);
        if (EvaluationCache.Read(path, fingerprint) is { } cached)
            return cached;
        using var model = ctx.LoadModel(thetaR);
        var evaluation = new ModelEvaluator(Suite(ctx)).Evaluate(model);
        var ratios = evaluation.ForgetTruthRatios ?? throw new InvalidOperationException("θr's forget truth ratios were not computed");
        // θr against itself: the KS p-value is 1 and log10 FQ is 0, the top of every FQ axis (not NaN, which no plot can draw).
        var point = evaluation.Point with { Log10ForgetQuality = ForgetQuality.Log10(ForgetQuality.Compute(ratios, ratios).PValue) };
        var cache = new EvaluationCache { Fingerprint = fingerprint, Point = point, ForgetTruthRatios = ratios };
        cache.Write(path);
        return cache;
    }

    /// <summary>θo's step-0 point of every run of its seed, from the cache or computed and cached.</summary>
    public static TradeOffPoint ThetaO(StudyContext ctx, SeedSetup seed, LlamaForCausalLM thetaO, EvaluationCache thetaR)
    {
        string path = EvaluationCache.ThetaOFile(ctx.Layout, seed.Seed);
        string fingerprint = EvaluationCache.FingerprintOf(seed.ThetaOFingerprint, ctx.Config);
        if (EvaluationCache.Read(path, fingerprint) is { } cached)
            return cached.Point;
        var point = new ModelEvaluator(Suite(ctx)).Evaluate(thetaO, thetaR.ForgetTruthRatios).Point;
        new EvaluationCache { Fingerprint = fingerprint, Point = point }.Write(path);
        return point;
    }


    /// <summary>The model utility and forget quality the controlled-setup checks hold θo-full to (θo's come from its
    /// evaluation.json).</summary>
    public static IReadOnlyDictionary<string, double> SetupMetrics(StudyContext ctx, LlamaForCausalLM model, EvaluationCache thetaR)
    {
        var point = new ModelEvaluator(Suite(ctx)).Evaluate(model, thetaR.ForgetTruthRatios).Point;
        return new Dictionary<string, double>
        {
            [Stages.StageMetrics.ModelUtility] = point.ModelUtility,
            [Stages.StageMetrics.Log10ForgetQuality] = point.Log10ForgetQuality,
        };
    }
}
