using LocUnlearn.Data;

namespace LocUnlearn.Localization;

/// <summary>Uniform random scores from the seed: the top p% is a uniform random region (SPEC 7, the baseline).</summary>
public sealed class RandomLocalizer : ILocalizer
{
    /// <summary>The uniform localizer's registry name (its region is the random baseline of the localizer table).</summary>
    public const string MethodName = "random";

    public string Name => MethodName;

    public ValueVectorScores Score(LocalizationInputs inputs)
    {
        var c = inputs.Model.Config;
        var rng = SplitMix64.ForStream(inputs.Seed, "localize/random");
        var scores = Enumerable.Range(0, c.NumHiddenLayers)
            .Select(_ => Enumerable.Range(0, c.IntermediateSize).Select(_ => (rng.NextUInt64() >> 40) / (float)(1 << 24)).ToArray()).ToArray();
        return new ValueVectorScores(Name, scores);
    }
}
