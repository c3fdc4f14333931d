namespace LocUnlearn.Reporting;

/// <summary>
/// What a comparison of two arms over seeds supports (SPEC 10): a difference (paired t p &lt; α), equivalence within the
/// metric's margin (paired TOST p &lt; α), neither, a metric that could not move (degenerate: never tested or counted),
/// no test at all (fewer than two paired seeds), or a relearning attack that brought nothing back in either arm (floor:
/// the tests ran, but "alike" would only say that nothing was recovered). Written in snake_case in summary.json and the CSVs.
/// </summary>
public enum Verdict { Differs, Equivalent, Inconclusive, Degenerate, NotTested, Floor }

public static class Verdicts
{
    public static string Name(this Verdict v) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString());

    /// <summary>How tables print it.</summary>
    public static string Text(this Verdict v) => v switch
    {
        Verdict.Degenerate => "θo only (no checkpoint kept 95% of MU)",
        Verdict.NotTested => "one seed: not tested",
        Verdict.Floor => "floor (the attack recovered nothing in either arm)",
        _ => v.Name(),
    };
}
