using System.Diagnostics;

namespace LocUnlearn.Study;

/// <summary>Asks Slurm whether jobs still exist (queued or running): `squeue -h -o %i -j ID,...`.</summary>
public static class SlurmQueue
{
    /// <summary>True when squeue lists any of the jobs; false when it lists none or is not installed (no Slurm here:
    /// a graph submitted from this directory cannot be running).</summary>
    public static bool AnyAlive(IReadOnlyList<string> jobIds)
    {
        var info = new ProcessStartInfo("squeue") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-h", "-o", "%i", "-j", string.Join(',', jobIds) })
            info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            string listed = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length > 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
