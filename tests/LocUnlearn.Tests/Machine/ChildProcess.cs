using System.Diagnostics;

namespace LocUnlearn.Tests.Machine;

/// <summary>What a finished child process printed, and its exit code.</summary>
internal sealed record ChildOutcome(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>Starts a program with extra environment variables and waits for it, reading both streams.</summary>
internal static class ChildProcess
{
    /// <param name="environment">variables to set; a null value removes the variable</param>
    public static ChildOutcome Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            info.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
            if (value is null)
                info.Environment.Remove(key);
            else
                info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} ran past {timeout}");
        }
        return new ChildOutcome(process.ExitCode, output, error.Result);
    }

    /// <summary>
    /// An environment in which no native torch library can be found except where the test puts it: LD_LIBRARY_PATH as
    /// given, and TorchSharp's last resort, copying libtorch from the NuGet cache (NUGET_PACKAGES, else ~/.nuget/packages),
    /// pointed at an empty folder.
    /// </summary>
    public static Dictionary<string, string?> IsolatedFromTorch(string scratch, string ldLibraryPath)
    {
        string home = Path.Combine(scratch, "home"), packages = Path.Combine(scratch, "empty-nuget-cache");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(packages);
        return new Dictionary<string, string?>
        {
            ["LD_LIBRARY_PATH"] = ldLibraryPath, ["NUGET_PACKAGES"] = packages, ["HOME"] = home, ["OMP_WAIT_POLICY"] = "PASSIVE",
        };
    }
}
