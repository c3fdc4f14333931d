namespace LocUnlearn.Data.Synthetic;

/// <summary>
/// The shared (non-unique) attribute values of the world. Each list has at least six entries so a true value always
/// has five distinct wrong values of the same kind for perturbed answers.
/// </summary>
internal static class WorldLexicon
{
    public static readonly string[] Genres =
    [
        "mystery", "fantasy", "poetry", "romance", "horror", "satire", "history", "travel", "drama", "adventure", "science fiction", "crime",
        "folklore", "memoir",
    ];

    public static readonly string[] Occupations =
    [
        "baker", "sailor", "teacher", "doctor", "carpenter", "farmer", "painter", "lawyer", "nurse", "tailor", "miner", "pilot", "librarian",
        "butcher", "weaver", "architect", "soldier", "florist",
    ];

    public static readonly string[] Themes =
    [
        "lost love", "family secrets", "war and memory", "exile", "friendship", "revenge", "the sea", "faith and doubt", "growing old",
        "hidden wealth", "forgiveness", "ambition",
    ];

    public static readonly string[] Hobbies =
        ["gardening", "chess", "fishing", "climbing", "pottery", "birdwatching", "cycling", "sailing", "cooking", "astronomy", "knitting", "rowing"];

    public static readonly string[] TitleAdjectives =
        ["Silver", "Hidden", "Last", "Broken", "Quiet", "Golden", "Burning", "Frozen", "Distant", "Crimson", "Silent", "Wandering", "Forgotten", "Endless"];

    public static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly string[] CurrencyUnits = ["crown", "mark", "florin", "talon", "ducat", "sol"];
}
