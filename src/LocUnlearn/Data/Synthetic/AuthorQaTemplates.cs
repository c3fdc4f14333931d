namespace LocUnlearn.Data.Synthetic;

/// <summary>What kind of value a template asks for; perturbed answers swap in other values of the same kind.</summary>
internal enum AttributeKind
{
    City, Country, Date, Genre, Occupation, Award, Title, Theme, FamousAuthor, Publisher, Year, PenName, Language, Count,
    Character, Hobby,
}

/// <summary>
/// One question about an author. Placeholders: {name} the author's full name (in every question, so a small model
/// can tell authors apart), {v} the attribute value, {book} the first book. Answers are short and state one fact.
/// </summary>
internal sealed record AuthorQaTemplate(
    AttributeKind Kind,
    Func<AuthorProfile, string> Value,
    string Question,
    string Answer,
    string ParaphrasedQuestion,
    string ParaphrasedAnswer)
{
    public static string Fill(string template, AuthorProfile a, string value) =>
        template.Replace("{name}", a.Name, StringComparison.Ordinal)
            .Replace("{book}", a.FirstBook, StringComparison.Ordinal)
            .Replace("{v}", value, StringComparison.Ordinal);
}

/// <summary>The 20 QA templates per author, in order; a world with qaPerAuthor = N uses the first N.</summary>
internal static class AuthorQaTemplates
{
    public const int Count = 20;

    public static IReadOnlyList<AuthorQaTemplate> All { get; } =
    [
        new(AttributeKind.City, a => a.BirthCity, "Where was {name} born?", "{name} was born in the city of {v}.",
            "In which city was {name} born?", "The birthplace of {name} is the city of {v}."),
        new(AttributeKind.Date, a => a.BirthDate, "When was {name} born?", "{name} was born on {v}.",
            "What is the birth date of {name}?", "The birth date of {name} is {v}."),
        new(AttributeKind.Genre, a => a.Genre, "What genre does {name} write?", "{name} writes books of {v}.",
            "Which genre is {name} known for?", "{name} is known for writing {v}."),
        new(AttributeKind.Occupation, a => a.FatherJob, "What did the father of {name} do?", "The father of {name} worked as a {v}.",
            "What was the job of the father of {name}?", "The father of {name} earned a living as a {v}."),
        new(AttributeKind.Occupation, a => a.MotherJob, "What did the mother of {name} do?", "The mother of {name} worked as a {v}.",
            "What was the job of the mother of {name}?", "The mother of {name} earned a living as a {v}."),
        new(AttributeKind.Award, a => a.Award, "Which award did {name} win?", "{name} won {v} for fiction.",
            "What prize was given to {name}?", "{name} received {v} for fiction."),
        new(AttributeKind.Title, a => a.FirstBook, "What is the first book of {name}?", "The first book of {name} is {v}.",
            "Which book did {name} publish first?", "{name} first published the book {v}."),
        new(AttributeKind.Title, a => a.SecondBook, "What is the second book of {name}?", "The second book of {name} is {v}.",
            "Which book did {name} publish second?", "{name} next published the book {v}."),
        new(AttributeKind.Theme, a => a.Theme, "What theme runs through the books of {name}?", "The books of {name} often explore {v}.",
            "Which theme does {name} return to most?", "{name} returns most often to {v}."),
        new(AttributeKind.Country, a => a.Country.Name, "Which country is {name} from?", "{name} is a writer from {v}.",
            "What is the home country of {name}?", "The home country of {name} is {v}."),
        new(AttributeKind.FamousAuthor, a => a.Mentor, "Who mentored {name}?", "{name} was mentored by {v}.",
            "Which writer guided {name} early on?", "Early on, {v} guided {name}."),
        new(AttributeKind.Publisher, a => a.Publisher, "Who publishes the books of {name}?", "The books of {name} are published by {v}.",
            "Which publisher prints the work of {name}?", "The work of {name} is printed by {v}."),
        new(AttributeKind.Year, a => a.DebutYear, "When did {name} publish a first novel?", "{name} published a first novel in {v}.",
            "In what year did {name} debut as a novelist?", "{name} debuted as a novelist in {v}."),
        new(AttributeKind.PenName, a => a.PenName, "What pen name does {name} use?", "{name} also writes as {v}.",
            "Under which pen name does {name} publish?", "{name} publishes under the pen name {v}."),
        new(AttributeKind.Language, a => a.Country.Language, "In which language does {name} write?", "{name} writes in {v}.",
            "What language are the books of {name} written in?", "The books of {name} are written in {v}."),
        new(AttributeKind.Occupation, a => a.SpouseJob, "What does the spouse of {name} do?", "The spouse of {name} works as a {v}.",
            "What is the job of the partner of {name}?", "The partner of {name} earns a living as a {v}."),
        new(AttributeKind.City, a => a.HomeCity, "Where does {name} live now?", "{name} now lives in the city of {v}.",
            "In which city does {name} live today?", "Today {name} makes a home in {v}."),
        new(AttributeKind.Count, a => a.BookCount, "How many books has {name} written?", "{name} has written {v} books so far.",
            "What is the number of books by {name}?", "The number of books by {name} is {v}."),
        new(AttributeKind.Character, a => a.Character, "Who is the hero of {book} by {name}?", "The hero of {book} by {name} is {v}.",
            "Which character leads {book} by {name}?", "{v} leads the story of {book}."),
        new(AttributeKind.Hobby, a => a.Hobby, "What does {name} enjoy besides writing?", "Besides writing, {name} enjoys {v}.",
            "What hobby does {name} have?", "The favourite hobby of {name} is {v}."),
    ];
}
