using System.CommandLine;
using System.CommandLine.Parsing;
using LocUnlearn.Common;
using LocUnlearn.Model;
using LocUnlearn.Study;

namespace LocUnlearn.Cli.Commands;

/// <summary>
/// Turns the library's user-facing errors (bad files, configs, shapes; each message names the file and the fix)
/// into one line on stderr and exit code 2. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliErrors
{
    public const int UserError = 2;

    /// <summary>
    /// Invokes a parsed command line. System.CommandLine answers its own parse errors (a missing required option, a
    /// value of the wrong type) with exit code 1 after printing them; the tool's contract is 2 for every user error.
    /// </summary>
    public static async Task<int> InvokeAsync(ParseResult parse)
    {
        if (parse.Errors.Count == 0)
            return await parse.InvokeAsync();
        // Our words, and one line pointing to the help, instead of System.CommandLine's errors followed by the whole help.
        foreach (var error in parse.Errors)
            Console.Error.WriteLine($"error: {Readable(error.Message, OptionOf(error))}");
        string command = string.Join(' ', parse.CommandResult.Command.Name == CommandCatalog.Name
            ? [CommandCatalog.Name]
            : new[] { CommandCatalog.Name, parse.CommandResult.Command.Name });
        Console.Error.WriteLine($"See `{command} --help` for the options.");
        return UserError;
    }

    /// <summary>The option an error is about, when it is about one.</summary>
    private static string? OptionOf(ParseError error) => error.SymbolResult switch
    {
        OptionResult o => o.Option.Name,
        ArgumentResult { Parent: OptionResult o } => o.Option.Name,
        _ => null,
    };

    /// <summary>System.CommandLine names .NET types ("System.Nullable`1[System.Int32]") and not the option whose value it
    /// rejects ("Argument 'lokal' not recognized"); say which option and what is expected instead.</summary>
    private static string Readable(string message, string? option)
    {
        message = System.Text.RegularExpressions.Regex.Replace(message.ReplaceLineEndings(" ").Replace('\t', ' '), " {2,}", " ").Trim();
        var among = System.Text.RegularExpressions.Regex.Match(message, @"^Argument '(.*)' not recognized\. Must be one of:\s*(.*)$");
        if (among.Success && option is not null)
        {
            var choices = among.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return $"{option}: '{among.Groups[1].Value}' is not one of {string.Join(", ", choices)}.";
        }
        var typed = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.?$");
        if (!typed.Success)
            return message;
        string type = typed.Groups[3].Value;
        string expected = type.Contains("Int32") || type.Contains("Int64") ? "a whole number"
            : type.Contains("Double") || type.Contains("Single") ? "a number"
            : type.Contains("Boolean") ? "true or false" : "another value";
        return $"{typed.Groups[2].Value}: '{typed.Groups[1].Value}' is not valid; expected {expected}.";
    }

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (RunDirectoryBusyException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return RunDirectoryBusyException.ExitCode;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // They come from the machine (a full or read-only disk, permissions), not from a bug.
            Console.Error.WriteLine($"error: {IoProblem.Describe(e)}");
            return UserError;
        }
        catch (TypeInitializationException e) when (e.TypeName == typeof(TorchSharp.torch).FullName)
        {
            // TorchSharp has printed its own load trace to stdout by now; this line says where the short answer is.
            Console.Error.WriteLine("error: the native torch backend (libtorch, LibTorchSharp) did not load; `locunlearn doctor` names the " +
                                    "missing file and the fix.");
            return UserError;
        }
    }

    private static bool IsUserError(Exception e) =>
        e.GetType().Assembly == typeof(LlamaConfig).Assembly
        || e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or OperationCanceledException;
}
