using LocUnlearn.Common;
using System.Diagnostics;
using System.Text;
using LocUnlearn.Common.Progress;
using LocUnlearn.Study;

namespace LocUnlearn.Jobs;

/// <summary>Submits a batch script; returns Slurm's job id.</summary>
public interface ISlurmClient
{
    string Submit(string script, IReadOnlyList<string> afterOk);
}

/// <summary>`sbatch --parsable [--dependency=afterok:A:B] SCRIPT`.</summary>
public sealed class SbatchClient(string sbatch = "sbatch") : ISlurmClient
{
    public string Submit(string script, IReadOnlyList<string> afterOk)
    {
        var info = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--parsable");
        if (afterOk.Count > 0)
            info.ArgumentList.Add($"--dependency=afterok:{string.Join(':', afterOk)}");
        info.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {sbatch} ({e.Message}): --executor slurm needs Slurm's sbatch on PATH.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"sbatch {script} failed (exit code {process.ExitCode}): {stderr.Trim()}");
            // --parsable prints "jobid" or "jobid;cluster"
            return stdout.Result.Trim().Split(';')[0];
        }
    }
}

/// <summary>
/// `--executor slurm`: one sbatch array per kind of job that still has work, in pipeline order, each waiting with
/// `--dependency=afterok` for the arrays that hold its jobs' dependencies; task i of an array runs the array's i-th
/// job with `locunlearn job`. Done jobs are left out, so submitting again after failures resubmits only what is left.
/// Scripts and Slurm's output go to jobs/slurm/ in the run directory.
/// </summary>
public sealed class SlurmExecutor(IProgressSink progress, WorkerCommand worker, ClusterSettings cluster, ISlurmClient client)
{
    public SlurmSubmission Submit(StudyPlan plan, string planPath)
    {
        var layout = plan.Layout;
        var pending = plan.Jobs.Where(j => !JobStates.IsDone(plan, j)).ToList();
        var arrayOf = new Dictionary<string, SlurmArray>(); // job id -> its array
        var arrays = new List<SlurmArray>();
        Directory.CreateDirectory(SlurmSubmission.Dir(layout));
        foreach (JobKind kind in JobKinds.InOrder)
        {
            var jobs = pending.Where(j => j.Kind == kind).ToList();
            if (jobs.Count == 0)
                continue;
            var after = jobs.SelectMany(j => j.Deps).Where(arrayOf.ContainsKey).Select(d => arrayOf[d].SlurmJobId).Distinct().ToList();
            string script = Path.Combine(SlurmSubmission.Dir(layout), $"{kind.Name()}.sbatch");
            AtomicFile.WriteAllText(script, Script(layout, planPath, kind, jobs));
            string id = client.Submit(script, after);
            var array = new SlurmArray(kind, id, script, [.. jobs.Select(j => j.Id)], after);
            arrays.Add(array);
            foreach (var j in jobs)
                arrayOf[j.Id] = array;
            progress.Log($"submitted {kind.Name()}: {jobs.Count} jobs as Slurm job {id}" + (after.Count > 0 ? $" (after {string.Join(", ", after)})" : ""));
        }
        var submission = new SlurmSubmission(DateTime.UtcNow, arrays);
        submission.Write(layout);
        return submission;
    }

    /// <summary>The batch script of one kind's array (bash; job ids listed in the script itself).</summary>
    public string Script(RunLayout layout, string planPath, JobKind kind, IReadOnlyList<PlannedJob> jobs)
    {
        var r = cluster.For(kind);
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"#SBATCH --job-name=locunlearn-{kind.Name()}");
        s.AppendLine($"#SBATCH --array=0-{jobs.Count - 1}");
        s.AppendLine($"#SBATCH --output={Path.Combine(SlurmSubmission.Dir(layout), kind.Name())}-%A_%a.out");
        s.AppendLine("#SBATCH --kill-on-invalid-dep=yes");
        if (cluster.Partition is { } partition) s.AppendLine($"#SBATCH --partition={partition}");
        if (cluster.Account is { } account) s.AppendLine($"#SBATCH --account={account}");
        if (r.Gpus is > 0) s.AppendLine($"#SBATCH --gpus={r.Gpus}");
        if (r.Cpus is { } cpus) s.AppendLine($"#SBATCH --cpus-per-task={cpus}");
        if (r.Mem is { } mem) s.AppendLine($"#SBATCH --mem={mem}");
        if (r.Time is { } time) s.AppendLine($"#SBATCH --time={time}");
        foreach (string arg in cluster.SbatchArgs)
            s.AppendLine($"#SBATCH {arg}");
        s.AppendLine("set -euo pipefail");
        s.AppendLine("JOBS=(");
        foreach (var job in jobs)
            s.AppendLine($"  {WorkerCommand.ShellQuote(job.Id)}");
        s.AppendLine(")");
        s.AppendLine("ID=\"${JOBS[$SLURM_ARRAY_TASK_ID]}\"");
        s.AppendLine("set +e");
        s.AppendLine($"# exit code {JobExitCodes.Busy}: another worker holds the job; wait until it lets go, then the job is done (or ours)");
        s.AppendLine("while true; do");
        s.AppendLine("  " + worker.ShellLine(planPath, "\"$ID\""));
        s.AppendLine("  code=$?");
        s.AppendLine($"  if [ \"$code\" -ne {JobExitCodes.Busy} ]; then exit \"$code\"; fi");
        s.AppendLine("  sleep 30");
        s.AppendLine("done");
        return s.ToString();
    }
}
