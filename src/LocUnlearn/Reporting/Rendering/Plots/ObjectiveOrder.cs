namespace LocUnlearn.Reporting.Rendering.Plots;

/// <summary>
/// The order objectives appear in every figure: WGA, NPO, DPO, RMU (the study's order, SPEC 11), then other objectives in
/// the config's order, then any left in the order they were met. Runs arrive in whatever order an executor finished
/// them; a reader comparing two figures (or two runs) should find each objective in the same place.
/// </summary>
public static class ObjectiveOrder
{
    public static IReadOnlyList<string> Study { get; } = ["wga", "npo", "dpo", "rmu"];

    public static IReadOnlyList<string> Of(IEnumerable<string> present, IReadOnlyList<string>? configOrder = null)
    {
        var objectives = present.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        int Rank(string objective)
        {
            int study = IndexOf(Study, objective);
            if (study >= 0)
                return study;
            int config = configOrder is null ? -1 : IndexOf(configOrder, objective);
            return config >= 0 ? Study.Count + config : int.MaxValue;
        }
        // OrderBy is stable: objectives of equal rank (unknown to both lists) keep the order they were met in.
        return objectives.OrderBy(Rank).ToList();
    }

    private static int IndexOf(IReadOnlyList<string> list, string objective)
    {
        for (int i = 0; i < list.Count; i++)
            if (string.Equals(list[i], objective, StringComparison.OrdinalIgnoreCase))
                return i;
        return -1;
    }
}
