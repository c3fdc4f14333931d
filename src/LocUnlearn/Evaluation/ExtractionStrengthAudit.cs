using System.Diagnostics;
using LocUnlearn.Model;

namespace LocUnlearn.Evaluation;

/// <summary>
/// The generation-based ES (<see cref="GenerationExtractionStrength"/>) on every forget and retain item of a suite,
/// compared with the one-pass k* of an evaluation of the same model on the same suite (`eval --reference`, `bench es
/// --model`). <see cref="Items"/> holds the forget rows first, then the retain rows.
/// </summary>
public sealed record ExtractionStrengthAudit(IReadOnlyList<ExtractionStrengthItem> Items, int ForgetItems, int Agreeing, double Seconds)
{
    public bool AllAgree => Agreeing == Items.Count;

    /// <param name="evaluation">the model's <see cref="ModelEvaluator"/> result on <paramref name="suite"/>, with ES on</param>
    public static ExtractionStrengthAudit Run(LlamaForCausalLM model, EvaluationSuite suite, ModelEvaluation evaluation)
    {
        if (suite.Forget is null || suite.Retain is null)
            throw new ArgumentException("the ES audit needs extraction strength in the suite's metrics (es).");
        var clock = Stopwatch.StartNew();
        // The targets and padding ModelEvaluator scores with.
        var excluded = model.Config.EosTokenIds.Append(suite.Encoder.EosId).Select(i => (long)i).ToHashSet();
        var slow = new GenerationExtractionStrength(model, excluded, model.Config.PadTokenId ?? suite.Encoder.EosId);
        var items = new List<ExtractionStrengthItem>();
        int agree = 0;
        foreach (var (split, name) in new[] { (suite.Forget, "forget"), (suite.Retain, "retain") })
        {
            var onePass = evaluation.Metrics[$"{name}_extraction_strength"].ValueByIndex;
            for (int i = 0; i < split.Examples.Count; i++)
            {
                var reference = slow.Compute(split.Examples[i]);
                if (reference.KStar == onePass[i].KStar) agree++;
                items.Add(reference);
            }
        }
        return new ExtractionStrengthAudit(items, suite.Forget.Examples.Count, agree, clock.Elapsed.TotalSeconds);
    }
}
