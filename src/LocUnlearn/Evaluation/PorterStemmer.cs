namespace LocUnlearn.Evaluation;

/// <summary>
/// Porter stemmer in NLTK's default mode (NLTK_EXTENSIONS), the one Google's rouge_score uses with
/// use_stemmer=True. Written from the published algorithm (Porter 1980) plus NLTK's documented departures:
/// the irregular-forms table, words of ≤ 2 letters kept, 'ies'/'ied' on 4-letter words → 'ie', step 1c only
/// after a consonant that is not the first letter, 'bli' → 'ble', 'alli' handled first and re-run through
/// step 2, 'fulli' → 'ful', 'logi' → 'log' measured on the stem including the 'l', and the cvc test also
/// true for a 2-letter vowel–consonant word. As in NLTK, the first rule whose suffix matches decides, even
/// when its condition fails. Input is expected lower case (rouge_score lowercases first).
/// </summary>
public static class PorterStemmer
{
    private static readonly Dictionary<string, string> IrregularForms = new()
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private readonly record struct Rule(string Suffix, string Replacement, Func<string, bool>? Condition);

    public static string Stem(string word)
    {
        var stem = word.ToLowerInvariant();
        if (IrregularForms.TryGetValue(stem, out var irregular)) return irregular;
        if (stem.Length <= 2) return stem;
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static bool IsConsonant(string word, int i) => word[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(word, i - 1),
        _ => true,
    };

    /// <summary>m in [C](VC)^m[V]: the number of vowel→consonant transitions.</summary>
    private static int Measure(string stem)
    {
        int m = 0;
        for (int i = 1; i < stem.Length; i++)
            if (!IsConsonant(stem, i - 1) && IsConsonant(stem, i)) m++;
        return m;
    }

    private static bool HasPositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (int i = 0; i < stem.Length; i++)
            if (!IsConsonant(stem, i)) return true;
        return false;
    }

    private static bool EndsDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    private static bool EndsCvc(string word) =>
        (word.Length >= 3 && IsConsonant(word, word.Length - 3) && !IsConsonant(word, word.Length - 2)
            && IsConsonant(word, word.Length - 1) && word[^1] is not ('w' or 'x' or 'y'))
        || (word.Length == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1));

    private static string ApplyFirstMatching(string word, IEnumerable<Rule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Suffix == "*d")
            {
                if (!EndsDoubleConsonant(word)) continue;
                var shortened = word[..^2];
                return rule.Condition is null || rule.Condition(shortened) ? shortened + rule.Replacement : word;
            }
            if (word.EndsWith(rule.Suffix, StringComparison.Ordinal))
            {
                var stem = word[..^rule.Suffix.Length];
                return rule.Condition is null || rule.Condition(stem) ? stem + rule.Replacement : word;
            }
        }
        return word;
    }

    private static string Step1a(string word)
    {
        if (word.Length == 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "ie";
        return ApplyFirstMatching(word, new Rule[] { new("sses", "ss", null), new("ies", "i", null), new("ss", "ss", null), new("s", "", null) });
    }

    private static string Step1b(string word)
    {
        if (word.EndsWith("ied", StringComparison.Ordinal)) return word[..^3] + (word.Length == 4 ? "ie" : "i");
        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            var stem = word[..^3];
            return Measure(stem) > 0 ? stem + "ee" : word;
        }
        string? intermediate = null;
        foreach (var suffix in new[] { "ed", "ing" })
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && ContainsVowel(word[..^suffix.Length]))
            {
                intermediate = word[..^suffix.Length];
                break;
            }
        }
        if (intermediate is null) return word;
        char last = intermediate[^1];
        return ApplyFirstMatching(intermediate, new Rule[]
        {
            new("at", "ate", null), new("bl", "ble", null), new("iz", "ize", null),
            new("*d", last.ToString(), _ => last is not ('l' or 's' or 'z')),
            new("", "e", stem => Measure(stem) == 1 && EndsCvc(stem)),
        });
    }

    private static string Step1c(string word) =>
        ApplyFirstMatching(word, new Rule[] { new("y", "i", stem => stem.Length > 1 && IsConsonant(stem, stem.Length - 1)) });

    private static string Step2(string word)
    {
        if (word.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(word[..^4]))
            return Step2(word[..^4] + "al");
        Func<string, bool> m0 = HasPositiveMeasure;
        return ApplyFirstMatching(word, new Rule[]
        {
            new("ational", "ate", m0), new("tional", "tion", m0), new("enci", "ence", m0), new("anci", "ance", m0),
            new("izer", "ize", m0), new("bli", "ble", m0), new("alli", "al", m0), new("entli", "ent", m0),
            new("eli", "e", m0), new("ousli", "ous", m0), new("ization", "ize", m0), new("ation", "ate", m0),
            new("ator", "ate", m0), new("alism", "al", m0), new("iveness", "ive", m0), new("fulness", "ful", m0),
            new("ousness", "ous", m0), new("aliti", "al", m0), new("iviti", "ive", m0), new("biliti", "ble", m0),
            new("fulli", "ful", m0),
            new("logi", "log", _ => HasPositiveMeasure(word[..^3])),
        });
    }

    private static string Step3(string word)
    {
        Func<string, bool> m0 = HasPositiveMeasure;
        return ApplyFirstMatching(word, new Rule[]
        {
            new("icate", "ic", m0), new("ative", "", m0), new("alize", "al", m0), new("iciti", "ic", m0),
            new("ical", "ic", m0), new("ful", "", m0), new("ness", "", m0),
        });
    }

    private static string Step4(string word)
    {
        Func<string, bool> m1 = stem => Measure(stem) > 1;
        return ApplyFirstMatching(word, new Rule[]
        {
            new("al", "", m1), new("ance", "", m1), new("ence", "", m1), new("er", "", m1), new("ic", "", m1),
            new("able", "", m1), new("ible", "", m1), new("ant", "", m1), new("ement", "", m1), new("ment", "", m1),
            new("ent", "", m1), new("ion", "", stem => Measure(stem) > 1 && stem[^1] is ('s' or 't')),
            new("ou", "", m1), new("ism", "", m1), new("ate", "", m1), new("iti", "", m1), new("ous", "", m1),
            new("ive", "", m1), new("ize", "", m1),
        });
    }

    /// <summary>Both E rules are tried (unlike the first-match lists): 'cease' → 'ceas' although m = 1.</summary>
    private static string Step5a(string word)
    {
        if (!word.EndsWith('e')) return word;
        var stem = word[..^1];
        int m = Measure(stem);
        return m > 1 || (m == 1 && !EndsCvc(stem)) ? stem : word;
    }

    private static string Step5b(string word) =>
        ApplyFirstMatching(word, new Rule[] { new("ll", "l", _ => Measure(word[..^1]) > 1) });
}
