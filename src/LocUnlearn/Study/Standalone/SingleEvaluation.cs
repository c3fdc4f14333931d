using LocUnlearn.Common.Progress;
using LocUnlearn.Config;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;

namespace LocUnlearn.Study.Standalone;

/// <summary>
/// One model evaluated outside a study (`locunlearn eval`, SPEC 9): FS, RS, forget quality against θr, model utility,
/// with per-item values. A model inside a run directory is evaluated with that run's data and evaluation settings (and
/// says so); long answers cut to the data's max length are reported as `run` reports them.
/// </summary>
public static class SingleEvaluation
{
    /// <summary>Outside a run: real TOFU answers fit in 512 tokens with any template.</summary>
    private const int DefaultMaxLength = 512;

    public static EvalOutcome Run(EvalRequest request, IProgressSink progress)
    {
        using var data = StandaloneData.Load(request.Model, new DataConfig { Template = "auto", MaxLength = DefaultMaxLength });
        if (data.TruncationWarning() is { } warning)
            progress.Log(warning);
        var settings = Settings(request, data, progress);
        if (request.GenerationReference && !settings.Metrics.HasFlag(EvaluationMetrics.Es))
            throw new ArgumentException("--reference checks extraction strength: include es in --metrics.");
        var suite = EvaluationSuite.Prepare(data.Reader, data.Encoder, settings);
        var loadOptions = new ModelLoadOptions(request.Model.Device);
        var referenceRatios = ReferenceRatios(request, data, settings, loadOptions, progress);
        using var model = ModelFolder.Load(request.Model.ModelDir, loadOptions);
        var evaluation = new ModelEvaluator(suite).Evaluate(model, referenceRatios);
        var results = new Dictionary<string, MetricResult>(evaluation.Metrics);
        if (request.GenerationReference)
            results["extraction_strength_reference_agreement"] = ReferenceAgreement(model, suite, evaluation, progress);
        return new EvalOutcome(results, evaluation, suite);
    }

    private static EvaluationSettings Settings(EvalRequest r, StudyData data, IProgressSink progress)
    {
        var run = StandaloneData.RunEvaluationSettings(r.Model.ModelDir);
        var basis = run ?? new EvaluationSettings();
        var settings = basis with
        {
            ForgetSplit = data.ForgetSplit.Name,
            RetainSplit = data.RetainSplit.Name,
            Metrics = r.Metrics,
            RetainItems = r.RetainItems ?? basis.RetainItems,
            MaxUtilityItems = r.MaxUtilityItems ?? basis.MaxUtilityItems,
            MaxNewTokens = r.MaxNewTokens ?? basis.MaxNewTokens,
            BatchSize = r.BatchSize ?? basis.BatchSize,
        };
        settings.Validate();
        if (run is not null)
            progress.Log($"note: {r.Model.ModelDir} lies in the run directory {StandaloneData.RunDirectoryOf(r.Model.ModelDir)}: evaluated with that run's " +
                         $"data and settings ({settings.ForgetSplit}/{settings.RetainSplit}, RS on the first {Items(settings.RetainItems)} retain rows, " +
                         $"{Items(settings.MaxUtilityItems)} rows per utility split, {settings.MaxNewTokens} new tokens, template " +
                         $"{data.Encoder.Template.Name}, max length {data.Encoder.MaxLength}); options given on the command line override them.");
        return settings;
    }

    private static string Items(int? n) => n is null or int.MaxValue ? "all" : n.Value.ToString();

    private static IReadOnlyList<double>? ReferenceRatios(EvalRequest r, StudyData data, EvaluationSettings settings, ModelLoadOptions options,
        IProgressSink progress)
    {
        if (!settings.Metrics.HasFlag(EvaluationMetrics.Fq))
            return null;
        if (r.ReferenceModel is not { } referenceDir)
        {
            progress.Log("note: no --reference-model (θr) given: forget truth ratios computed, forget quality skipped.");
            return null;
        }
        using var thetaR = ModelFolder.Load(referenceDir, options);
        var fqSuite = EvaluationSuite.Prepare(data.Reader, data.Encoder, settings with { Metrics = EvaluationMetrics.Fq });
        return new ModelEvaluator(fqSuite).Evaluate(thetaR).ForgetTruthRatios;
    }

    /// <summary>Runs the generation-based ES on every forget and retain item; agg = fraction of items whose k* agrees
    /// with the one-pass value, items = the reference's k* and ES (forget rows first, then retain rows, so indices stay
    /// unique in one metric).</summary>
    private static MetricResult ReferenceAgreement(LlamaForCausalLM model, EvaluationSuite suite, ModelEvaluation evaluation, IProgressSink progress)
    {
        var audit = ExtractionStrengthAudit.Run(model, suite, evaluation);
        var examples = suite.Forget!.Examples.Concat(suite.Retain!.Examples).ToArray();
        progress.Log($"generation-based ES reference: {audit.Agreeing}/{audit.Items.Count} items agree with the one-pass k*");
        return MetricResult.Create((double)audit.Agreeing / audit.Items.Count, audit.Items.Select((reference, i) => new ItemMetrics
        {
            Index = i,
            PromptTokens = examples[i].PromptLength,
            AnswerTokens = reference.AnswerLength,
            KStar = reference.KStar,
            Es = reference.Value,
        }));
    }
}
