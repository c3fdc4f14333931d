namespace LocUnlearn.Unlearning;

/// <summary>The objectives by name, as an experiment config selects them (SPEC 6).</summary>
public static class UnlearningObjectives
{
    public static IReadOnlyList<string> Names { get; } = ["ga", "gd", "wga", "npo", "dpo", "rmu"];

    public static IUnlearningObjective Create(string name, ObjectiveSettings? settings = null)
    {
        settings ??= new ObjectiveSettings();
        return name.ToLowerInvariant() switch
        {
            "ga" => new GradientAscent(),
            "gd" => new GradientDifference(settings.Gd),
            "wga" => new Wga(settings.Wga),
            "npo" => new Npo(settings.Npo),
            "dpo" => new Dpo(settings.Dpo),
            "rmu" => new Rmu(settings.Rmu),
            _ => throw new ArgumentException($"unknown unlearning objective '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
