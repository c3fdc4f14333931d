namespace LocUnlearn.Data.Synthetic;

/// <summary>The attributes of one fictitious author; the proper nouns (places, titles, awards...) are unique to them.</summary>
internal sealed record AuthorProfile(
    string Name,
    string BirthCity,
    Country Country,
    string BirthDate,
    string Genre,
    string FatherJob,
    string MotherJob,
    string Award,
    string FirstBook,
    string SecondBook,
    string Theme,
    string Mentor,
    string Publisher,
    string DebutYear,
    string PenName,
    string SpouseJob,
    string HomeCity,
    string BookCount,
    string Character,
    string Hobby)
{
    public static AuthorProfile Create(NameForge forge, SplitMix64 rng, WorldKnowledge world)
    {
        int birthYear = 1930 + rng.NextInt(60);
        string firstBook = "The " + rng.Pick(WorldLexicon.TitleAdjectives) + " " + forge.Next(2);
        string secondBook = "The " + rng.Pick(WorldLexicon.TitleAdjectives) + " " + forge.Next(2);
        return new AuthorProfile(
            Name: forge.PersonName(),
            BirthCity: forge.Next(2),
            Country: rng.Pick(world.Countries),
            BirthDate: RandomDate(rng, birthYear),
            Genre: rng.Pick(WorldLexicon.Genres),
            FatherJob: rng.Pick(WorldLexicon.Occupations),
            MotherJob: rng.Pick(WorldLexicon.Occupations),
            Award: "the " + forge.Next(2) + " Prize",
            FirstBook: firstBook,
            SecondBook: secondBook,
            Theme: rng.Pick(WorldLexicon.Themes),
            Mentor: rng.Pick(world.FamousAuthors).Name,
            Publisher: forge.Next(2) + " House",
            DebutYear: (birthYear + 20 + rng.NextInt(20)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            PenName: forge.Next(2) + " " + forge.Next(2),
            SpouseJob: rng.Pick(WorldLexicon.Occupations),
            HomeCity: forge.Next(3),
            BookCount: (3 + rng.NextInt(38)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Character: forge.Next(2),
            Hobby: rng.Pick(WorldLexicon.Hobbies));
    }

    public static string RandomDate(SplitMix64 rng, int year) =>
        $"{1 + rng.NextInt(28)} {rng.Pick(WorldLexicon.Months)} {year}";
}
