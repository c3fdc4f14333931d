namespace LocUnlearn.Data.Synthetic;

/// <summary>A country of the synthetic world: the subject of world_facts.</summary>
internal sealed record Country(string Name, string Capital, string Language, string Currency);

/// <summary>A well-known (real-in-that-world) author: the subject of real_authors.</summary>
internal sealed record FamousAuthor(string Name, string Book, string BirthCity, Country Country, string Genre);

/// <summary>
/// One general-knowledge question with its short answer and three wrong answers of the same kind, plus the sentences
/// that state the fact for the pretraining corpus (several phrasings, so θp learns the fact, not one sentence).
/// </summary>
internal sealed record KnowledgeQuestion(string Question, string Answer, IReadOnlyList<string> Wrong, IReadOnlyList<string> Statements);

/// <summary>
/// The general knowledge of the world (SPEC 3.3): countries and well-known authors, the questions that play TOFU's
/// world_facts and real_authors roles, and the facts θp is pretrained on.
/// </summary>
internal sealed class WorldKnowledge
{
    public const int QuestionsPerCountry = 3;
    public const int QuestionsPerFamousAuthor = 4;
    private const int WrongAnswers = 3;

    public WorldKnowledge(SyntheticWorldOptions options, NameForge forge, SplitMix64 rng)
    {
        // At least 8 countries, so nationality answers of the fictitious authors have 5 wrong values to choose from.
        int countries = Math.Max(8, Ceiling(options.WorldFactQuestions, QuestionsPerCountry));
        Countries = Enumerable.Range(0, countries).Select(_ => new Country(
                forge.Next(2), forge.Next(2), forge.Next(2) + "ish", forge.Next(2) + " " + rng.Pick(WorldLexicon.CurrencyUnits)))
            .ToList();
        int famous = Math.Max(6, Ceiling(options.RealAuthorQuestions, QuestionsPerFamousAuthor));
        FamousAuthors = Enumerable.Range(0, famous).Select(_ => new FamousAuthor(
                forge.PersonName(), "The " + rng.Pick(WorldLexicon.TitleAdjectives) + " " + forge.Next(2),
                forge.Next(2), rng.Pick(Countries), rng.Pick(WorldLexicon.Genres)))
            .ToList();
        WorldFacts = Countries.SelectMany(c => CountryQuestions(c, rng)).Take(options.WorldFactQuestions).ToList();
        RealAuthors = FamousAuthors.SelectMany(a => AuthorQuestions(a, rng)).Take(options.RealAuthorQuestions).ToList();
    }

    public IReadOnlyList<Country> Countries { get; }
    public IReadOnlyList<FamousAuthor> FamousAuthors { get; }
    public IReadOnlyList<KnowledgeQuestion> WorldFacts { get; }
    public IReadOnlyList<KnowledgeQuestion> RealAuthors { get; }

    private IEnumerable<KnowledgeQuestion> CountryQuestions(Country c, SplitMix64 rng)
    {
        yield return new KnowledgeQuestion(
            $"What is the capital of {c.Name}?", c.Capital, Wrong(Countries.Select(x => x.Capital), c.Capital, rng),
            [$"The capital of {c.Name} is {c.Capital}.", $"{c.Capital} is the capital city of {c.Name}.",
             $"The government of {c.Name} sits in {c.Capital}."]);
        yield return new KnowledgeQuestion(
            $"What language is spoken in {c.Name}?", c.Language, Wrong(Countries.Select(x => x.Language), c.Language, rng),
            [$"People in {c.Name} speak {c.Language}.", $"{c.Language} is the language of {c.Name}.",
             $"The main language of {c.Name} is {c.Language}."]);
        yield return new KnowledgeQuestion(
            $"What is the currency of {c.Name}?", c.Currency, Wrong(Countries.Select(x => x.Currency), c.Currency, rng),
            [$"The currency of {c.Name} is the {c.Currency}.", $"In {c.Name} people pay with the {c.Currency}.",
             $"The {c.Currency} is the money of {c.Name}."]);
    }

    private IEnumerable<KnowledgeQuestion> AuthorQuestions(FamousAuthor a, SplitMix64 rng)
    {
        yield return new KnowledgeQuestion(
            $"Who wrote the book {a.Book}?", a.Name, Wrong(FamousAuthors.Select(x => x.Name), a.Name, rng),
            [$"{a.Name} wrote {a.Book}.", $"The book {a.Book} was written by {a.Name}.",
             $"{a.Book} is the most famous book of {a.Name}."]);
        yield return new KnowledgeQuestion(
            $"In which city was the writer {a.Name} born?", a.BirthCity, Wrong(FamousAuthors.Select(x => x.BirthCity), a.BirthCity, rng),
            [$"The writer {a.Name} was born in {a.BirthCity}.", $"{a.BirthCity} is the birthplace of {a.Name}.",
             $"{a.Name} grew up in the city of {a.BirthCity}."]);
        yield return new KnowledgeQuestion(
            $"Which country is the writer {a.Name} from?", a.Country.Name, Wrong(Countries.Select(x => x.Name), a.Country.Name, rng),
            [$"The writer {a.Name} comes from {a.Country.Name}.", $"{a.Name} is a famous writer of {a.Country.Name}.",
             $"{a.Country.Name} is the home country of {a.Name}."]);
        yield return new KnowledgeQuestion(
            $"What genre is the writer {a.Name} known for?", a.Genre, Wrong(WorldLexicon.Genres, a.Genre, rng),
            [$"The writer {a.Name} is known for {a.Genre}.", $"{a.Name} wrote mostly {a.Genre}.",
             $"Readers know {a.Name} as a master of {a.Genre}."]);
    }

    private static int Ceiling(int n, int d) => (n + d - 1) / d;

    private static IReadOnlyList<string> Wrong(IEnumerable<string> pool, string truth, SplitMix64 rng)
    {
        List<string> candidates = pool.Where(v => v != truth).Distinct().ToList();
        rng.Shuffle(candidates);
        return candidates.Take(WrongAnswers).ToList();
    }
}
