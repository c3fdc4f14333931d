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
            "wga" => Validated(settings.Wga, s => s.Validate(), s => new Wga(s)),
            "npo" => Validated(settings.Npo, s => s.Validate(), s => new Npo(s)),
            "dpo" => Validated(settings.Dpo, s => s.Validate(), s => new Dpo(s)),
            "rmu" => Validated(settings.Rmu, s => s.Validate(), s => new Rmu(s)),
            _ => throw new ArgumentException($"unknown unlearning objective '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static IUnlearningObjective Validated<T>(T settings, Action<T> validate, Func<T, IUnlearningObjective> create)
    {
        validate(settings);
        return create(settings);
    }
}
