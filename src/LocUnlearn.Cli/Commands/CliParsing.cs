namespace LocUnlearn.Cli.Commands;

/// <summary>Small parsers for option values.</summary>
internal static class CliParsing
{
    /// <summary>"1,2,3" → [1, 2, 3], with an error naming the option.</summary>
    public static long[] Ids(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, out var v) ? v : throw new ArgumentException($"{option}: '{s}' is not a token id (expected e.g. 1,2,3)."))
            .ToArray();
}
