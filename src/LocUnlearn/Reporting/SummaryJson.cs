using System.Text.Json.Nodes;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// results/summary.json, the machine-readable summary (schema in docs/summary-schema.md). Numbers are means over
/// seeds unless named otherwise; a value that cannot be computed (e.g. a std over one seed) is null.
/// </summary>
public static class SummaryJson
{
    public static JsonObject Build(StudyOutcome outcome, StudyAggregates agg)
    {
        var oracleVsRandom = new JsonObject();
        foreach (var (objective, metrics) in agg.OracleVsRandom)
        {
            var o = new JsonObject();
            foreach (var (metric, cmp) in metrics)
                o[metric] = new JsonObject
                {
                    [Arm.Oracle.Id] = Stat(cmp.MeanA),
                    [Arm.Random.Id] = Stat(cmp.MeanB),
                    ["abs_delta"] = Stat(cmp.AbsDelta),
                    ["p_permutation"] = Num(cmp.PPermutation),
                    ["p_welch"] = Num(cmp.PWelch),
                    ["seeds"] = cmp.Seeds.Count,
                };
            oracleVsRandom[objective] = o;
        }
        var localization = new JsonObject();
        foreach (var (method, perObjective) in agg.Localized)
        {
            var m = new JsonObject();
            if (agg.LocalizationQuality.TryGetValue(method, out var q))
            {
                m["recall"] = Num(q.Recall.Mean);
                m["precision"] = Num(q.Precision.Mean);
            }
            foreach (var (objective, metrics) in perObjective)
                m[objective] = new JsonObject { ["aues"] = Num(metrics.Aues.Mean), ["mu95"] = Num(metrics.Mu95.Mean) };
            localization[method] = m;
        }
        var reconstruction = new JsonObject();
        foreach (var r in agg.Reconstruction)
        {
            var last = r.Trajectory.LastOrDefault()?.Point;
            reconstruction[r.Region.Id] = last is null ? null : new JsonObject
            {
                ["fs"] = Num(last.ForgetScore),
                ["rs"] = Num(last.RetainScore),
                ["log10_fq"] = Num(last.Log10ForgetQuality),
                ["mu"] = Num(last.ModelUtility),
            };
        }
        return new JsonObject
        {
            ["preset"] = outcome.Config.Preset,
            ["wall_seconds"] = Math.Round(outcome.WallSeconds, 1),
            ["seeds"] = outcome.Seeds.Count,
            ["significance_test"] = PairedComparison.TestName,
            ["controlled_setup"] = new JsonObject
            {
                ["theta_r"] = Es(agg.ThetaR),
                ["theta_o"] = Es(agg.ThetaO),
                ["theta_o_full"] = Es(agg.ThetaOFull),
            },
            ["oracle_vs_random"] = oracleVsRandom,
            ["localization"] = localization,
            ["reconstruction"] = reconstruction,
            ["failed_runs"] = new JsonArray(agg.FailedRuns.Select(r => (JsonNode)$"{r.Objective}/{r.Region}/seed {r.Seed}: {r.Error}").ToArray()),
        };
    }

    private static JsonObject Es((MeanStd? Forget, MeanStd? Retain) es) =>
        new() { ["forget_es"] = Num(es.Forget?.Mean), ["retain_es"] = Num(es.Retain?.Mean) };

    private static JsonObject Stat(MeanStd s) => new() { ["mean"] = Num(s.Mean), ["std"] = Num(s.Std) };

    private static JsonNode? Num(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
}
