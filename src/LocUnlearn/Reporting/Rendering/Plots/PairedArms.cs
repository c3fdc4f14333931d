using LocUnlearn.Evaluation.Statistics;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>One seed's value of a metric in one arm. <see cref="ThetaOOnly"/>: the value is θo's own (MU95 when no
/// unlearned checkpoint kept 0.95·MU(θo)), so it says nothing about the arm.</summary>
public sealed record SeedValue(long Seed, double Value, bool ThetaOOnly = false);

/// <summary>One arm's values of a metric over seeds (failed runs left out).</summary>
public sealed record ArmValues(Arm Arm, IReadOnlyList<SeedValue> Seeds)
{
    /// <summary>Mean with the 95% Student t interval over seeds; null without seeds.</summary>
    public ConfidenceInterval? Mean => Seeds.Count == 0 ? null : MeanConfidenceInterval.StudentT(Seeds.Select(s => s.Value).ToList());

    public int ThetaOOnlyCount => Seeds.Count(s => s.ThetaOOnly);
}

/// <summary>One objective's two arms (Oracle, Random) of a metric; seeds present in both arms are paired.</summary>
public sealed record PairedArms(string Objective, ArmValues First, ArmValues Second)
{
    public IReadOnlyList<(SeedValue First, SeedValue Second)> Pairs =>
        First.Seeds.Join(Second.Seeds, a => a.Seed, b => b.Seed, (a, b) => (a, b)).ToList();

    public int ThetaOOnlyCount => First.ThetaOOnlyCount + Second.ThetaOOnlyCount;

    /// <summary>What the panel writes over this objective's group: "θo only" when every value is θo's own,
    /// "θo only: k of n" when some are, null when none.</summary>
    public string? ThetaOOnlyNote
    {
        get
        {
            int all = First.Seeds.Count + Second.Seeds.Count;
            return ThetaOOnlyCount == 0 ? null : ThetaOOnlyCount == all ? "θo only" : $"θo only: {ThetaOOnlyCount} of {all}";
        }
    }
}

/// <summary>One metric's panel: a group per objective, in the order drawn, and horizontal reference lines across all
/// groups (e.g. θr attacked the same way: the relearning attack's floor).</summary>
public sealed record PairedArmsPanel(string Title, string YLabel, IReadOnlyList<PairedArms> Objectives)
{
    public IReadOnlyList<ReferenceLine> References { get; init; } = [];
}

/// <summary>A horizontal line at <paramref name="Value"/>, named in the legend by <paramref name="Label"/>.</summary>
public sealed record ReferenceLine(string Label, double Value);
