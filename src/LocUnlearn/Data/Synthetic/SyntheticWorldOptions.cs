namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// Size and seed of a synthetic TOFU-format world (SPEC 3.3). The <c>tofu</c> preset matches TOFU's counts exactly:
/// 200 authors x 20 QA, 100 real-author and 117 world-fact questions. <see cref="ExtraForgetPercent"/> (0 = none) adds a
/// forget split beyond TOFU's forget01/05/10 (40: forget40, retain60 and forget40_perturbed), for a small world whose
/// forget set must be large enough for the KS forget quality while its retain set stays cheap to memorise (quick preset).
/// </summary>
public sealed record SyntheticWorldOptions(
    int Authors = 200,
    int QaPerAuthor = 20,
    long Seed = 0,
    int RealAuthorQuestions = 100,
    int WorldFactQuestions = 117,
    int ExtraForgetPercent = 0)
{
    public const int MinimumAuthors = 6;

    public static IReadOnlyList<string> PresetNames { get; } = ["tofu", "quick", "tiny"];

    public static SyntheticWorldOptions Preset(string name, long seed = 0) => name switch
    {
        "tofu" => new SyntheticWorldOptions(200, 20, seed, 100, 117),
        // The quick preset's world, forget40 included (its forget split: 160 items for the KS test).
        "quick" => new SyntheticWorldOptions(40, 10, seed, 40, 39, ExtraForgetPercent: 40),
        "tiny" => new SyntheticWorldOptions(12, 6, seed, 12, 12),
        _ => throw new ArgumentException($"Unknown preset '{name}'; known presets: {string.Join(", ", PresetNames)}.", nameof(name)),
    };

    /// <summary>The forget percentages this world writes: TOFU's 1, 5 and 10, plus <see cref="ExtraForgetPercent"/>.
    /// A method, not a property: the options are serialized into RUN/data's fingerprint, which must stay what runs
    /// made before this existed recorded.</summary>
    public IReadOnlyList<int> ForgetPercents() =>
        ExtraForgetPercent == 0 || TofuSplits.ForgetPercents.Contains(ExtraForgetPercent)
            ? TofuSplits.ForgetPercents
            : [.. TofuSplits.ForgetPercents, ExtraForgetPercent];

    /// <summary>Authors in forgetXX: the last XX% of authors, at least one (TOFU: 2/10/20 of 200).</summary>
    public int ForgetAuthors(int percent) => Math.Max(1, (int)Math.Round(Authors * percent / 100.0, MidpointRounding.AwayFromZero));

    public void Validate()
    {
        if (QaPerAuthor is < 1 or > AuthorQaTemplates.Count)
            throw new ArgumentException($"qa-per-author must be between 1 and {AuthorQaTemplates.Count}, got {QaPerAuthor}.");
        // Perturbed answers draw 5 wrong values from the other authors' awards, publishers, pen names...
        if (Authors < MinimumAuthors)
            throw new ArgumentException($"authors must be at least {MinimumAuthors} so every answer has 5 wrong values of its kind, got {Authors}.");
        // retain_perturbed takes as many authors from the start of retain as forget10 has, so retain must hold that many.
        if (Authors < 2 * ForgetAuthors(10))
            throw new ArgumentException($"authors must be at least {2 * ForgetAuthors(10)} so retain90 can supply retain_perturbed, got {Authors}.");
        if (ExtraForgetPercent is < 0 or > 99)
            throw new ArgumentException($"the extra forget percentage must lie in [1, 99] (or 0 for none), got {ExtraForgetPercent}.");
        if (ExtraForgetPercent > 0 && Authors - ForgetAuthors(ExtraForgetPercent) < ForgetAuthors(10))
            throw new ArgumentException(
                $"{TofuSplits.Forget(ExtraForgetPercent)} of {Authors} authors leaves {Authors - ForgetAuthors(ExtraForgetPercent)} retain authors; " +
                $"retain_perturbed needs {ForgetAuthors(10)} (lower the percentage or add authors).");
        if (RealAuthorQuestions < 1 || WorldFactQuestions < 1)
            throw new ArgumentException("real-author and world-fact question counts must be positive.");
    }
}
