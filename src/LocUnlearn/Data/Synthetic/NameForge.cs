namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// Invents pronounceable proper nouns (people, cities, countries, book words) that are unique across the whole world,
/// so each author's facts use words no other author shares and a model has to memorise them per author.
/// </summary>
internal sealed class NameForge(SplitMix64 rng)
{
    private static readonly string[] Onsets =
        ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "th", "sh", "gr", "tr", "vel", "mor"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "l", "s", "th", "nd", "rk"];

    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A new capitalised word of <paramref name="syllables"/> syllables, never returned before.</summary>
    public string Next(int syllables)
    {
        while (true)
        {
            var word = new System.Text.StringBuilder();
            for (int s = 0; s < syllables; s++)
            {
                word.Append(rng.Pick(Onsets)).Append(rng.Pick(Vowels));
                if (s == syllables - 1)
                    word.Append(rng.Pick(Codas));
            }
            word[0] = char.ToUpperInvariant(word[0]);
            string result = word.ToString();
            if (_used.Add(result))
                return result;
        }
    }

    public string PersonName() => Next(2) + " " + Next(rng.NextInt(2) + 2);
}
