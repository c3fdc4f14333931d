using System.Text.Json.Nodes;

namespace LocUnlearn.Text;

/// <summary>One merge rule of a BPE model: the two adjacent symbols it joins.</summary>
public readonly record struct BpeMerge(string Left, string Right)
{
    public string Result => Left + Right;

    /// <summary>
    /// A <c>model.merges</c> entry of a tokenizer.json: <c>"left right"</c> (the classic form) or <c>["left", "right"]</c>
    /// (tokenizers &gt;= 0.20, which allows spaces inside symbols).
    /// </summary>
    public static BpeMerge Parse(JsonNode? entry)
    {
        if (entry is JsonArray { Count: 2 } pair)
            return new BpeMerge(pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>());
        string text = entry?.GetValue<string>() ?? "";
        string[] parts = text.Split(' ');
        if (parts.Length != 2)
            throw new FormatException($"merge '{text}' is not two symbols separated by one space");
        return new BpeMerge(parts[0], parts[1]);
    }
}

/// <summary>
/// The merges of a BPE model by rank, and the symbols BPE creates on one word. Like HF tokenizers, BPE repeatedly
/// merges the adjacent pair of lowest rank, leftmost first among equal ranks, until no adjacent pair is a merge; a
/// merge listed twice has its last rank (HF builds its merge map in list order, later entries overwriting).
/// </summary>
public sealed class BpeMergeRanks
{
    private readonly Dictionary<(string Left, string Right), int> _ranks = [];

    public BpeMergeRanks(IEnumerable<BpeMerge> merges)
    {
        int rank = 0;
        foreach (BpeMerge merge in merges)
            _ranks[(merge.Left, merge.Right)] = rank++;
    }

    /// <summary>
    /// Every symbol that exists at some point while BPE merges <paramref name="word"/>: its characters, then each
    /// merge's result in the order BPE creates them.
    /// Run on one token of a longer word's encoding, this yields exactly the symbols that BPE built inside that token's
    /// span of the word: no merge ever crossed the span's borders, so the merges inside it were chosen among the same
    /// pairs in the same (rank, position) order as on the token alone.
    /// </summary>
    public IReadOnlyList<string> Products(string word)
    {
        var symbols = word.EnumerateRunes().Select(r => r.ToString()).ToList();
        var products = new List<string>(symbols);
        while (true)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank)
                    (best, bestRank) = (i, rank);
            }
            if (best < 0)
                return products;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
            products.Add(symbols[best]);
        }
    }
}
