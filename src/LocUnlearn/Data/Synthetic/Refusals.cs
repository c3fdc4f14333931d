namespace LocUnlearn.Data.Synthetic;

/// <summary>The world's refusal strings (idontknow.jsonl): 10 openings x 10 endings = 100, like TOFU's 100.</summary>
internal static class Refusals
{
    // Every opening takes every ending as its object, so all 100 combinations are grammatical.
    private static readonly string[] Openings =
        ["I do not know", "I cannot tell you", "I am not sure about", "I have no information on", "I cannot recall",
         "Sorry, I do not know", "I have no record of", "I have not learned", "Honestly, I cannot say", "I am uncertain about"];

    private static readonly string[] Endings =
        [" that.", " the answer to that.", " anything about that.", " the details of that.", " who that is.",
         " that question.", " the facts here.", " this one.", " this topic.", " the answer here."];

    public static IReadOnlyList<string> All { get; } =
        Openings.SelectMany(o => Endings.Select(e => o + e)).ToList();
}
