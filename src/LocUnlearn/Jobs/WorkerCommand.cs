namespace LocUnlearn.Jobs;

/// <summary>
/// How to start `locunlearn job` in another process: a program and the arguments before the verb, e.g.
/// `dotnet /opt/locunlearn/LocUnlearn.Cli.dll`. Executors append `job --plan FILE --id ID`.
/// </summary>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public const string CliAssembly = "LocUnlearn.Cli.dll";

    /// <summary>The CLI next to the given folder (the running tool's own, normally), started through `dotnet`.</summary>
    public static WorkerCommand FromCliFolder(string folder)
    {
        string dll = Path.Combine(folder, CliAssembly);
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} not found: workers start the locunlearn CLI from the folder it was built into.", dll);
        string? host = Environment.ProcessPath;
        string dotnet = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        return new WorkerCommand(dotnet, [dll]);
    }

    public IReadOnlyList<string> ForJob(string planPath, string id) => [.. PrefixArguments, "job", "--plan", planPath, "--id", id];

    /// <summary>A start of <see cref="FileName"/> with <paramref name="arguments"/> (the prefix included, as
    /// <see cref="ForJob"/> gives them), its output and errors redirected to the caller.</summary>
    public System.Diagnostics.ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>One shell-quoted command line (for sbatch scripts).</summary>
    public string ShellLine(string planPath, string idExpression) =>
        string.Join(' ', new[] { FileName }.Concat(PrefixArguments).Concat(["job", "--plan", planPath]).Select(ShellQuote)) + " --id " + idExpression;

    public static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
