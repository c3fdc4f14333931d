namespace LocUnlearn.Localization;

/// <summary>The localizers by name, as an experiment config selects them (SPEC 7).</summary>
public static class Localizers
{
    public static IReadOnlyList<string> Names { get; } = [RandomLocalizer.MethodName, "activations", "memflex", "wagle"];

    /// <summary>How reports name a localizer (and the region it finds).</summary>
    public static string DisplayName(string name) => name.ToLowerInvariant() switch
    {
        RandomLocalizer.MethodName => "Random localizer",
        "activations" => "Activations",
        "memflex" => "MemFlex",
        "wagle" => "WAGLE",
        _ => name,
    };

    public static ILocalizer Create(string name, LocalizerSettings? settings = null)
    {
        settings ??= new LocalizerSettings();
        return name.ToLowerInvariant() switch
        {
            RandomLocalizer.MethodName => new RandomLocalizer(),
            "activations" => new ActivationsLocalizer(),
            "memflex" => new MemFlexLocalizer(settings.MemFlex),
            "wagle" => new WagleLocalizer(settings.Wagle),
            _ => throw new ArgumentException($"unknown localizer '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
