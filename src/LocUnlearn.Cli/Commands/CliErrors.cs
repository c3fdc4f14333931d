using System.CommandLine;
using LocUnlearn.Model;

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
        int code = await parse.InvokeAsync();
        return parse.Errors.Count > 0 ? UserError : code;
    }

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
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
