using LocUnlearn.Unlearning;
using LocUnlearn.Evaluation;
using LocUnlearn.Jobs;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Reporting;
using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Localization;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Reporting;

/// <summary>
/// A study outcome made of hand-picked numbers (no model, no files), so tables, the report text and summary.json can
/// be checked against values worked out by hand.
/// </summary>
internal static class HandBuiltStudy
{
    private static readonly RegionShape Shape = new(2, 10);

    public static StudyAggregates Aggregates(IReadOnlyList<string> objectives, IReadOnlyList<string> methods, int seeds,
        IEnumerable<RunResult> runs, IEnumerable<(long Seed, LocalizedRegion Localized)>? localized = null, bool brokenSetup = false) =>
        new(Outcome(objectives, methods, seeds, runs, localized, brokenSetup));

    public static StudyOutcome Outcome(IReadOnlyList<string> objectives, IReadOnlyList<string> methods, int seeds,
        IEnumerable<RunResult> runs, IEnumerable<(long Seed, LocalizedRegion Localized)>? localized = null, bool brokenSetup = false)
    {
        var config = Presets.Get("tiny") with
        {
            Seeds = seeds,
            Unlearn = Presets.Get("tiny").Unlearn with { Objectives = objectives },
            Localization = new LocalizationConfig { Methods = methods, Seeds = seeds },
        };
        var target = new Region(Shape, [new ValueVector(0, 0), new ValueVector(1, 1)]);
        var random = new Region(Shape, [new ValueVector(0, 5), new ValueVector(1, 6)]);
        // A controlled setup that passes every check (θr retain ES 0.95, θo within 0.02 of it, MU kept), unless the test
        // asks for a θo that lost a fifth of its retain knowledge.
        var setups = Enumerable.Range(0, seeds).Select(s => new SeedSetup(s, "theta_o", "fp",
            Record("inject", 0.95 + 0.01 * s, brokenSetup ? 0.75 : 0.93), Record("inject-full", 0.97, 0.94, utility: 0.5), target, random)).ToList();
        var thetaR = new TradeOffPoint(0.9, 0.8, 0, 0.5);
        var thetaO = setups.ToDictionary(s => s.Seed, _ => new TradeOffPoint(0.05, 0.8, -12, 0.5));
        return new StudyOutcome(new RunLayout("/nonexistent"), config, Record("retain", 0.10, 0.95), setups,
            new ExperimentResults(thetaR, thetaO, runs.ToList(), (localized ?? []).ToList()), new StageTimings(), 12.0);
    }

    public static RunResult Run(string kind, string objective, string region, long seed, double aues, double mu95,
        params Checkpoint<TradeOffPoint>[] trajectory) =>
        new()
        {
            Kind = Enum.Parse<RunKind>(kind, ignoreCase: true), Objective = objective, Region = LocUnlearn.Study.Arm.Parse(region), Seed = seed,
            Fingerprint = "fp", Aues = aues, Mu95 = mu95, Trajectory = trajectory,
        };

    /// <summary>One run per seed of each arm, values in seed order.</summary>
    public static IEnumerable<RunResult> Arm(string kind, string objective, string region, double[] aues, double[] mu95) =>
        aues.Select((a, s) => Run(kind, objective, region, s, a, mu95[s]));

    public static (long, LocalizedRegion) Localized(long seed, string method, double recall, double precision, double chanceRecall) =>
        (seed, new LocalizedRegion(method, new Region(Shape, []),
            new LocalizationQuality(0.1, new RegionOverlap(2, 2, 0, recall, precision, 0.5 * recall, chanceRecall, chanceRecall), [1, 1], [0.5, 0.5])));

    private static StageRecord Record(string stage, double forgetEs, double retainEs, double? utility = null) => new()
    {
        Stage = stage, Fingerprint = "fp", WallSeconds = 1,
        Metrics = utility is { } mu
            ? new Dictionary<string, double> { ["forget_es"] = forgetEs, ["retain_es"] = retainEs, ["model_utility"] = mu }
            : new Dictionary<string, double> { ["forget_es"] = forgetEs, ["retain_es"] = retainEs },
    };
}
