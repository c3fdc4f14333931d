using System.Globalization;

namespace LocUnlearn.Data.Synthetic;

/// <summary>Draws wrong values of the same kind as a true value (distinct from it and from each other).</summary>
internal sealed class AttributePerturber
{
    private readonly Dictionary<AttributeKind, string[]> _pools;

    public AttributePerturber(IReadOnlyList<AuthorProfile> authors, WorldKnowledge world)
    {
        _pools = new Dictionary<AttributeKind, string[]>
        {
            [AttributeKind.City] = [.. authors.Select(a => a.BirthCity), .. authors.Select(a => a.HomeCity)],
            [AttributeKind.Country] = [.. world.Countries.Select(c => c.Name)],
            [AttributeKind.Genre] = WorldLexicon.Genres,
            [AttributeKind.Occupation] = WorldLexicon.Occupations,
            [AttributeKind.Award] = [.. authors.Select(a => a.Award)],
            [AttributeKind.Title] = [.. authors.Select(a => a.FirstBook), .. authors.Select(a => a.SecondBook)],
            [AttributeKind.Theme] = WorldLexicon.Themes,
            [AttributeKind.FamousAuthor] = [.. world.FamousAuthors.Select(f => f.Name)],
            [AttributeKind.Publisher] = [.. authors.Select(a => a.Publisher)],
            [AttributeKind.PenName] = [.. authors.Select(a => a.PenName)],
            [AttributeKind.Language] = [.. world.Countries.Select(c => c.Language)],
            [AttributeKind.Character] = [.. authors.Select(a => a.Character)],
            [AttributeKind.Hobby] = WorldLexicon.Hobbies,
        };
    }

    public IReadOnlyList<string> Wrong(AttributeKind kind, string truth, int count, SplitMix64 rng)
    {
        var wrong = new List<string>(count);
        if (_pools.TryGetValue(kind, out string[]? pool))
        {
            List<string> candidates = pool.Where(v => v != truth).Distinct().ToList();
            if (candidates.Count < count)
                throw new InvalidOperationException($"only {candidates.Count} wrong values of kind {kind}; the world is too small");
            rng.Shuffle(candidates);
            wrong.AddRange(candidates.Take(count));
            return wrong;
        }
        // Dates, years and counts are drawn fresh around the truth's range.
        while (wrong.Count < count)
        {
            string candidate = kind switch
            {
                AttributeKind.Date => AuthorProfile.RandomDate(rng, 1930 + rng.NextInt(60)),
                AttributeKind.Year => (1950 + rng.NextInt(60)).ToString(CultureInfo.InvariantCulture),
                AttributeKind.Count => (3 + rng.NextInt(38)).ToString(CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"no pool for kind {kind}"),
            };
            if (candidate != truth && !wrong.Contains(candidate))
                wrong.Add(candidate);
        }
        return wrong;
    }
}
