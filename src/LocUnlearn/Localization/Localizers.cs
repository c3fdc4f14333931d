namespace LocUnlearn.Localization;

/// <summary>The localizers by name, as an experiment config selects them (SPEC 7).</summary>
public static class Localizers
{
    public static IReadOnlyList<string> Names { get; } = ["random", "activations", "memflex", "wagle"];

    public static ILocalizer Create(string name, LocalizerSettings? settings = null)
    {
        settings ??= new LocalizerSettings();
        return name.ToLowerInvariant() switch
        {
            "random" => new RandomLocalizer(),
            "activations" => new ActivationsLocalizer(),
            "memflex" => new MemFlexLocalizer(settings.MemFlex),
            "wagle" => new WagleLocalizer(settings.Wagle),
            _ => throw new ArgumentException($"unknown localizer '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
