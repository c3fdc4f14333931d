using LocUnlearn.Model;

namespace LocUnlearn.Cli.Commands;

/// <summary>
/// Turns the library's user-facing errors (bad files, configs, shapes; each message names the file and the fix)
/// into one line on stderr and exit code 2. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class CliErrors
{
    public const int UserError = 2;

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
    }

    private static bool IsUserError(Exception e) =>
        e.GetType().Assembly == typeof(LlamaConfig).Assembly
        || e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or OperationCanceledException;
}
