namespace LocUnlearn.Data.Synthetic;

/// <summary>The world's refusal strings (idontknow.jsonl): 10 openings x 10 endings = 100, like TOFU's 100.</summary>
internal static class Refusals
{
    private static readonly string[] Openings =
        ["I am not sure", "I do not know", "I cannot say", "I have no idea", "I am afraid I do not know",
         "Sorry, I do not know", "I really cannot tell", "I have no record", "I am unable to say", "Honestly, I do not know"];

    private static readonly string[] Endings =
        [".", " about that.", " the answer to that.", " anything about that.", " who or what that is.",
         " the details of that.", " what the answer is.", " anything on that topic.", " much about that.", " the facts here."];

    public static IReadOnlyList<string> All { get; } =
        Openings.SelectMany(o => Endings.Select(e => o + e)).ToList();
}
