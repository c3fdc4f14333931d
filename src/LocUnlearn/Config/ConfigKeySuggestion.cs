namespace LocUnlearn.Config;

/// <summary>"did you mean `unlearn.steps`?" for an unknown config key: the settable key closest by edit distance.</summary>
public static class ConfigKeySuggestion
{
    public static string For(string unknown)
    {
        var settable = ConfigKeys.Settable(typeof(ExperimentConfig)).ToList();
        var keys = settable.SelectMany(Prefixes).Distinct().ToList();
        var best = keys.Select(k => (Key: k, Distance: Distance(unknown, k))).MinBy(x => x.Distance);
        // A suggestion further than a third of the key's length away is noise.
        if (best.Key is not null && best.Distance <= Math.Max(2, unknown.Length / 3))
            return $"; did you mean '{best.Key}'?";
        // A misspelt leaf one object too high ("unlearn.stepz" for "unlearn.training.steps").
        int dot = unknown.LastIndexOf('.');
        string parent = dot < 0 ? "" : unknown[..(dot + 1)], leaf = unknown[(dot + 1)..];
        var nested = settable.Where(k => k.StartsWith(parent, StringComparison.Ordinal))
            .Select(k => (Key: k, Distance: Distance(leaf, k[(k.LastIndexOf('.') + 1)..])))
            .Where(x => x.Distance <= Math.Max(1, leaf.Length / 3)).OrderBy(x => x.Distance).ThenBy(x => x.Key.Length).FirstOrDefault();
        return nested.Key is not null ? $"; did you mean '{nested.Key}'?" : "";
    }

    /// <summary>The key and the objects above it (an unknown "unlearn.trainig" is closest to "unlearn.training").</summary>
    private static IEnumerable<string> Prefixes(string key)
    {
        for (int dot = key.IndexOf('.'); dot > 0; dot = key.IndexOf('.', dot + 1))
            yield return key[..dot];
        yield return key;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
