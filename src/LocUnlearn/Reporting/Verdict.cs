namespace LocUnlearn.Reporting;

/// <summary>
/// What a comparison of two arms over seeds supports (SPEC 10): a difference (paired t p &lt; α), equivalence within the
/// metric's margin (paired TOST p &lt; α), neither, a metric that could not move (degenerate: never tested or counted),
/// or no test at all (fewer than two paired seeds). Written in snake_case in summary.json and the CSVs.
/// </summary>
public enum Verdict { Differs, Equivalent, Inconclusive, Degenerate, NotTested }

public static class Verdicts
{
    public static string Name(this Verdict v) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString());

    /// <summary>How tables print it.</summary>
    public static string Text(this Verdict v) => v switch
    {
        Verdict.Degenerate => "θo only (no checkpoint kept 95% of MU)",
        Verdict.NotTested => "one seed: not tested",
        _ => v.Name(),
    };
}
