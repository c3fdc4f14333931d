using System.Text.Json.Nodes;
using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// results/summary.json, the machine-readable summary (schema in docs/summary-schema.md). Numbers are means over
/// seeds unless named otherwise; a value that cannot be computed (e.g. a std over one seed) is null. Keys are only ever
/// added: a number never becomes an object.
/// </summary>
public static class SummaryJson
{
    public static JsonObject Build(StudyOutcome outcome, StudyAggregates agg)
    {
        var oracleVsRandom = new JsonObject();
        double alpha = outcome.Config.Statistics.Alpha;
        foreach (var (objective, metrics) in agg.OracleVsRandom)
            oracleVsRandom[objective] = new JsonObject(metrics.Select(kv =>
            {
                var node = Comparison(kv.Value, Arm.Oracle.Id);
                node["seeds_needed"] = SeedsNeeded(kv.Value, StudyReferenceNumbers.Delta(objective, kv.Key), alpha);
                return KeyValuePair.Create(kv.Key, (JsonNode?)node);
            }));
        return new JsonObject
        {
            ["preset"] = outcome.Config.Preset,
            ["wall_seconds"] = Math.Round(outcome.WallSeconds, 1),
            ["seeds"] = outcome.Seeds.Count,
            ["significance_test"] = PairedComparison.TestName,
            ["controlled_setup"] = ControlledSetup(agg),
            ["oracle_vs_random"] = oracleVsRandom,
            ["localization"] = Localization(agg),
            ["reconstruction"] = Reconstruction(agg),
            ["relearning"] = Relearning(agg),
            ["dose_response"] = DoseResponse(agg),
            ["dose_response_trend"] = DoseTrends(agg),
            ["failed_runs"] = new JsonArray(agg.FailedRuns.Select(r => (JsonNode)$"{r.Objective}/{r.Region}/seed {r.Seed}: {r.Error}").ToArray()),
        };
    }

    /// <summary>A comparison of arm A (Oracle or a localizer, under <paramref name="armA"/>) with Random.</summary>
    public static JsonObject Comparison(PairedComparison c, string armA) => new()
    {
        [armA] = Stat(c.MeanA),
        [Arm.Random.Id] = Stat(c.MeanB),
        ["abs_delta"] = Stat(c.AbsDelta),
        ["p_permutation"] = Num(c.PPermutation),
        ["p_welch"] = Num(c.PWelch),
        ["seeds"] = c.Seeds.Count,
        ["delta_mean"] = Num(c.MeanDelta),
        ["ci95"] = new JsonArray(Num(c.Ci95.Low), Num(c.Ci95.High)),
        ["p_paired_t"] = Num(c.PPairedT),
        ["p_tost"] = Num(c.PTost),
        ["equivalence_margin"] = Num(c.Margin),
        ["effect_size_dz"] = Num(c.EffectSizeDz),
        ["seeds_agreeing_in_sign"] = c.SeedsAgreeingInSign,
        ["verdict"] = c.Verdict.Name(),
        ["degenerate"] = c.Degenerate,
        ["degenerate_runs"] = c.DegenerateRuns,
        ["mde_80"] = Num(c.Mde80),
    };

    /// <summary>Seeds needed to detect the study's |Δ| and the equivalence margin with 80% power at this spread.</summary>
    private static JsonObject SeedsNeeded(PairedComparison c, double? studyDelta, double alpha) => new()
    {
        ["study_delta"] = studyDelta is { } d ? c.SeedsNeeded(d, alpha) : null,
        ["margin"] = c.SeedsNeeded(c.Margin, alpha),
    };

    private static JsonObject ControlledSetup(StudyAggregates agg) => new()
    {
        ["theta_r"] = Model(agg.ThetaR),
        ["theta_o"] = Model(agg.ThetaO),
        ["theta_o_full"] = Model(agg.ThetaOFull),
        ["all_pass"] = !agg.SetupFailed && agg.Checks.All(k => k.Pass is not null),
        ["failed"] = new JsonArray(agg.Checks.Where(k => k.Pass == false).Select(k => (JsonNode)CheckName(k)).ToArray()),
        ["checks"] = new JsonArray(agg.Checks.Select(Check).ToArray()),
    };

    public static string CheckName(SetupCheck k) => k.Seed is { } s ? $"{k.Name} (seed {s})" : k.Name;

    private static JsonNode Check(SetupCheck k)
    {
        var o = new JsonObject { ["name"] = k.Name };
        if (k.Seed is { } seed) o["seed"] = seed;
        o["value"] = Num(k.Value);
        o["rule"] = k.Rule;
        o["threshold"] = k.Threshold;
        o["pass"] = k.Pass;
        if (k.Skipped is { } why) o["skipped"] = why;
        return o;
    }

    private static JsonObject Localization(StudyAggregates agg)
    {
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
            {
                var o = new JsonObject { ["aues"] = Num(metrics.Aues.Mean), ["mu95"] = Num(metrics.Mu95.Mean) };
                if (agg.LocalizedVsRandom.TryGetValue(method, out var vs) && vs.TryGetValue(objective, out var cmp))
                    o["vs_random"] = new JsonObject(cmp.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Comparison(kv.Value, "localized"))));
                m[objective] = o;
            }
            localization[method] = m;
        }
        return localization;
    }

    private static JsonObject Reconstruction(StudyAggregates agg)
    {
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
                ["residual_sum"] = r.FinalLayerResiduals is { } res ? Num(res.Sum()) : null,
            };
        }
        return reconstruction;
    }

    /// <summary>Experiment (d): per objective each arm's attack and the Oracle-vs-Random comparisons; null when off.</summary>
    private static JsonObject? Relearning(StudyAggregates agg)
    {
        if (!agg.Outcome.Config.Relearn.Enabled) return null;
        var node = new JsonObject();
        foreach (var (objective, arms) in agg.Relearning)
        {
            var o = new JsonObject();
            foreach (var (arm, a) in arms)
                o[arm] = new JsonObject
                {
                    ["before_es"] = Num(a.BeforeEs.Mean), ["after_es"] = Num(a.AfterEs.Mean), ["recovered_fraction"] = Num(a.RecoveredFraction?.Mean),
                    ["seeds"] = a.AfterEs.Count,
                };
            foreach (var (metric, c) in agg.RelearningOracleVsRandom.GetValueOrDefault(objective) ?? [])
                o[metric] = Comparison(c, Arm.Oracle.Id);
            node[objective] = o;
        }
        if (agg.RelearnReferences is { } r)
            node["references"] = new JsonObject
            {
                ["theta_r_before_es"] = Num(r.ThetaRBefore.Mean), ["theta_r_after_es"] = Num(r.ThetaRAfter.Mean), ["theta_o_es"] = Num(r.ThetaO.Mean),
            };
        return node;
    }

    /// <summary>Experiment (e): one entry per objective and overlap q; null when off.</summary>
    private static JsonArray? DoseResponse(StudyAggregates agg) => !agg.Outcome.Config.DoseResponse.Enabled ? null
        : new JsonArray(agg.DoseResponse.Select(p => (JsonNode)new JsonObject
        {
            ["objective"] = p.Objective, ["overlap"] = p.Overlap, ["aues"] = Interval(p.Aues), ["mu95"] = Interval(p.Mu95),
            ["recovered_es"] = Interval(p.RecoveredEs),
        }).ToArray());

    private static JsonObject? DoseTrends(StudyAggregates agg)
    {
        if (!agg.Outcome.Config.DoseResponse.Enabled) return null;
        var node = new JsonObject();
        foreach (var group in agg.DoseTrends.GroupBy(t => t.Objective))
            node[group.Key] = new JsonObject(group.Select(t => KeyValuePair.Create(t.Metric, (JsonNode?)new JsonObject
            {
                ["slope"] = Num(t.Slope.Mean), ["ci95"] = new JsonArray(Num(t.Slope.Low), Num(t.Slope.High)), ["p"] = Num(t.P), ["seeds"] = t.Slope.Count,
            })));
        return node;
    }

    private static JsonObject? Interval(ConfidenceInterval? ci) => ci is null ? null
        : new JsonObject { ["mean"] = Num(ci.Mean), ["ci95"] = new JsonArray(Num(ci.Low), Num(ci.High)), ["seeds"] = ci.Count };

    private static JsonObject Model(SetupModel m) => new()
    {
        ["forget_es"] = Num(m.ForgetEs?.Mean),
        ["retain_es"] = Num(m.RetainEs?.Mean),
        ["mu"] = Num(m.ModelUtility?.Mean),
        ["log10_fq"] = Num(m.Log10ForgetQuality?.Mean),
    };

    private static JsonObject Stat(MeanStd s) => new() { ["mean"] = Num(s.Mean), ["std"] = Num(s.Std) };

    private static JsonNode? Num(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
}
