namespace LocUnlearn.Localization;

/// <summary>Scores every value vector for how much it holds the forget set (SPEC 7).</summary>
public interface ILocalizer
{
    /// <summary>Registry name (`random`, `activations`, `memflex`, `wagle`).</summary>
    string Name { get; }

    ValueVectorScores Score(LocalizationInputs inputs);
}
