using System.Text.RegularExpressions;

namespace LocUnlearn.Evaluation;

/// <summary>
/// ROUGE-L recall as Google's rouge_score computes it with RougeScorer(["rougeL"], use_stemmer=True), which
/// TOFU and OpenUnlearning call as score(reference, generation): tokens = lowercase, every run of characters
/// outside [a-z0-9] becomes a space, split on whitespace, tokens longer than 3 characters Porter-stemmed (NLTK
/// mode), empty tokens dropped; recall = LCS(reference, generation) / |reference tokens|, 0 if either is empty.
/// </summary>
public static partial class RougeL
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    public static IReadOnlyList<string> Tokenize(string text)
    {
        var spaced = NonAlphanumeric().Replace(text.ToLowerInvariant(), " ");
        return spaced.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Length > 3 ? PorterStemmer.Stem(t) : t)
            .Where(t => t.Length > 0)
            .ToArray();
    }

    public static double Recall(string reference, string generation)
    {
        var target = Tokenize(reference);
        var prediction = Tokenize(generation);
        if (target.Count == 0 || prediction.Count == 0) return 0.0;
        return (double)LongestCommonSubsequence(target, prediction) / target.Count;
    }

    internal static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (int i = 1; i <= a.Count; i++)
        {
            for (int j = 1; j <= b.Count; j++)
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }
}
