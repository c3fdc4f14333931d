using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LocUnlearn.Common;

/// <summary>What a run's manifest and `locunlearn doctor` say about the tool itself.</summary>
public static class ToolVersion
{
    private static readonly Assembly Library = typeof(ToolVersion).Assembly;

    public static string Version =>
        Library.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The TorchBackend property the library was built with (cpu, cuda or external).</summary>
    public static string TorchBackend =>
        Library.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";

    /// <summary>The managed TorchSharp assembly's version (0.107.0.0).</summary>
    public static string? TorchSharp => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString();

    public static string DotNet => RuntimeInformation.FrameworkDescription;

    /// <summary>
    /// `git rev-parse HEAD` run in the tool's own folder: the commit of the checkout the tool was built in, or "unknown"
    /// (no git on the machine, or an installed copy outside any repository).
    /// </summary>
    public static string GitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start);
            if (git is null) return "unknown";
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }
}
