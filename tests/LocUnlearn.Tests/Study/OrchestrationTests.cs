using LocUnlearn.Common.Progress;
using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Diagnostics;
using LocUnlearn.Study;
using LocUnlearn.Config;

namespace LocUnlearn.Tests.Study;

/// <summary>The main job on the tiny preset (seconds): stage skipping, config refusal, resume after failures.</summary>
[Collection(TinyStudyCollection.Name)]
public sealed class OrchestrationTests(TinyStudyRun tiny) : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private static StudyOutcome Run(string dir, int? seeds = null, bool force = false) => TinyStudyRun.Run(dir, seeds, force);

    private static Dictionary<string, DateTime> RecordTimes(string dir) => TinyStudyRun.RecordTimes(dir);

    [Fact]
    public void SecondRunSkipsEveryFinishedStageAndRunAndGivesTheSameResults()
    {
        var (first, times, summary, _, _) = tiny.Runs;
        string dir = tiny.Dir;
        Assert.NotEmpty(first.Experiments.Runs);
        Assert.All(first.Experiments.Runs, r => Assert.True(r.Ok, r.Error));
        Assert.All(first.Experiments.Runs.Where(r => r.Invariant is not null), r => Assert.True(r.Invariant!.Holds));
        foreach (var file in new[] { "config.json", "manifest.json", "results/table2.md", "results/table2.csv", "results/table1.md",
                     "results/localization.csv", "results/trajectories.jsonl", "results/report.md", "results/summary.json" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);

        Assert.Equal(times, RecordTimes(dir)); // the second run redid nothing
        Assert.Equal(summary, RunSummaries.WithoutWallTime(dir));
    }

    [Fact]
    public void RunExecutesThePlanItWritesIntoTheRunDirectory()
    {
        _ = tiny.Runs;
        var plan = StudyPlan.Load(Path.Combine(tiny.Dir, StudyPlan.FileName));
        // The plan `locunlearn plan` would make for this run directory, and every job of it done by the one process.
        var planned = StudyPlanner.Build(RunSetup.Reopen(plan.Layout), plan.Layout);
        Assert.Equal(planned.Jobs.Select(j => (j.Id, j.Kind, j.Output)), plan.Jobs.Select(j => (j.Id, j.Kind, j.Output)));
        Assert.All(plan.Jobs, j => Assert.True(JobStates.IsDone(plan, j), j.Id));
        Assert.Contains(plan.Jobs, j => j.Kind == JobKind.Reconstruct && j.Region == Arm.ReconstructionRandom(1));
    }

    [Fact]
    public void ADamagedFinishedModelIsDetectedAndComputedAgain()
    {
        string dir = Path.Combine(temp.Path, "damaged");
        Run(dir);
        string weights = Path.Combine(dir, "seeds", "seed-0", "inject", "model", "model.safetensors");
        byte[] good = File.ReadAllBytes(weights);
        var bad = (byte[])good.Clone();
        bad[^5] ^= 0x10; // one flipped bit in the last tensor's data
        File.WriteAllBytes(weights, bad);
        string truncated = Path.Combine(dir, "stages", "retain", "model", "model.safetensors");
        byte[] thetaR = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, thetaR[..(thetaR.Length / 2)]);
        string summary = RunSummaries.WithoutWallTime(dir);

        var log = new StringWriter();
        new StudyRunner(new PlainProgressSink(log)).Run(new RunOptions { Preset = "tiny", Out = dir });

        Assert.Contains("stages/retain: model/model.safetensors has", log.ToString());
        Assert.Contains("computing it again", log.ToString());
        Assert.Equal(thetaR, File.ReadAllBytes(truncated)); // recomputed bit for bit
        Assert.Equal(good, File.ReadAllBytes(weights));
        Assert.Equal(summary, RunSummaries.WithoutWallTime(dir));
    }

    [Fact]
    public void AChangedConfigInAnExistingRunDirectoryIsRefusedWithTheDifferingKeys()
    {
        string dir = Path.Combine(temp.Path, "run");
        Run(dir);
        var e = Assert.Throws<ConfigException>(() => Run(dir, seeds: 3));
        Assert.Contains("seeds", e.Message);
        Assert.Contains("--force", e.Message);
    }

    [Fact]
    public void ResumingAfterLostAndHalfWrittenResultsGivesTheUninterruptedResults()
    {
        string reference = Path.Combine(temp.Path, "reference");
        Run(reference);
        string dir = Path.Combine(temp.Path, "interrupted");
        Run(dir);
        // What a crash at different moments leaves behind: a run without its result, a stage without its record
        // (so everything after it must be redone), a half-written temporary file.
        var results = Directory.EnumerateFiles(Path.Combine(dir, "seeds"), "result.json", SearchOption.AllDirectories).ToList();
        File.Delete(results[0]);
        File.Delete(results[^1]);
        File.Delete(Path.Combine(dir, "seeds", "seed-1", "inject", "record.json"));
        File.WriteAllText(Path.Combine(dir, "seeds", "seed-0", "v_rdm.json.tmp"), "{ \"half");
        Directory.Delete(Path.Combine(dir, "results"), true);
        Run(dir);
        Assert.Equal(RunSummaries.WithoutWallTime(reference), RunSummaries.WithoutWallTime(dir));
    }

    [Fact]
    public void KilledProcessResumesWithTheSameCommand()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "LocUnlearn.Cli.dll");
        string dir = Path.Combine(temp.Path, "killed");
        string reference = Path.Combine(temp.Path, "reference");
        Run(reference);
        using (var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{cli}\" run --preset tiny --out \"{dir}\"")
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            // Kill once some stage or run has finished but (on this preset) well before the end.
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60) &&
                   !(Directory.Exists(dir) && Directory.EnumerateFiles(dir, "record.json", SearchOption.AllDirectories).Any(f => f.Contains("seed-0"))))
                Thread.Sleep(50);
            if (!process.HasExited)
                process.Kill(entireProcessTree: true); // SIGKILL
            process.WaitForExit();
        }
        Run(dir);
        Assert.Equal(RunSummaries.WithoutWallTime(reference), RunSummaries.WithoutWallTime(dir));
    }
}
