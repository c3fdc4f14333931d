using LocUnlearn.Config;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Jobs;

/// <summary>
/// The one place that decides what a study contains: its job graph, from the config. data → θp → θr (or θr given) → (θr's evaluation,
/// θo and the full-parameter reference per seed) → θo's evaluation → Oracle and Random unlearning runs, localizers and
/// their runs, reconstruction runs → report. `locunlearn run` executes it in one process, the local and Slurm executors
/// in workers.
/// </summary>
public static class StudyPlanner
{
    /// <summary>
    /// Resolves the config, takes the run directory (its lock, config.json, refusing a different config), and writes
    /// plan.json there and, when given, to <paramref name="path"/> (`locunlearn plan`). Dispose the lock when done.
    /// </summary>
    public static (StudyPlan Plan, string Path, RunLock Lock) Prepare(RunOptions options, string? path = null, string what = "locunlearn run")
    {
        var config = RunSetup.Resolve(options);
        var run = RunSetup.Prepare(options.Out ?? RunSetup.DefaultOut(config), config, options.Force, what);
        var plan = Build(config, run.Layout);
        string inRunDir = System.IO.Path.Combine(run.Layout.Root, StudyPlan.FileName);
        plan.Save(inRunDir);
        string wanted = System.IO.Path.GetFullPath(path ?? inRunDir);
        if (wanted != inRunDir)
            plan.Save(wanted);
        return (plan, wanted, run.Lock);
    }

    /// <summary>How many seeds get the full-parameter reference injection (inject.full_reference_seeds, 0 = all).</summary>
    public static int FullReferenceSeeds(ExperimentConfig c) =>
        !c.Inject.FullReference ? 0 : c.Inject.FullReferenceSeeds > 0 ? Math.Min(c.Inject.FullReferenceSeeds, c.Seeds) : c.Seeds;

    /// <summary>How many seeds run the localizers (localization.seeds, 0 = all).</summary>
    public static int LocalizationSeeds(ExperimentConfig c) => c.Localization.Seeds > 0 ? Math.Min(c.Localization.Seeds, c.Seeds) : c.Seeds;

    /// <summary>The reconstruction runs on the first seed only (the study's Figure 1 is one model).</summary>
    public static int ReconstructionSeeds(ExperimentConfig c) => c.Reconstruction.Enabled ? 1 : 0;

    public static StudyPlan Build(ExperimentConfig c, RunLayout layout)
    {
        var plan = new PlanBuilder(layout);
        var data = plan.Add("data", JobKind.Data, [], RunData.Derives(c) ? plan.Rel(layout.DataDir) : c.Data.Path!);
        // θp is trained only when no model is given and θr is not given either (a given θr needs no θp).
        string upstream = c.Model.Path is null && c.NeedsThetaP()
            ? plan.Add("pretrain", JobKind.Pretrain, [data.Id], plan.Rel(layout.Stage(PretrainStage.Name))).Id
            : data.Id;
        var retain = plan.Add("retain", JobKind.Retain, [upstream], plan.Rel(layout.Stage(RetainStage.Name)));
        var evalR = plan.Add("evaluate/theta-r", JobKind.EvaluateThetaR, [retain.Id], plan.Rel(EvaluationCache.ThetaRFile(layout)));
        var seeds = c.SeedList().ToList();
        for (int s = 0; s < seeds.Count; s++)
            AddSeed(plan, c, layout, seeds[s], s, retain.Id, evalR.Id);
        plan.Add("report", JobKind.Report, [.. plan.Jobs.Select(j => j.Id)], plan.Rel(Path.Combine(layout.ResultsDir, "summary.json")));
        return new StudyPlan { RunDir = layout.Root, Threads = RunSetup.Threads(c), Jobs = plan.Jobs };
    }

    /// <param name="index">the seed's position among the study's seeds (the first ones get the references)</param>
    private static void AddSeed(PlanBuilder plan, ExperimentConfig c, RunLayout layout, long seed, int index, string retain, string evalR)
    {
        string tag = $"seed-{seed}";
        var inject = plan.Add($"inject/{tag}", JobKind.Inject, [retain], plan.Rel(layout.Inject(seed)), seed);
        if (index < FullReferenceSeeds(c))
            plan.Add($"inject-full/{tag}", JobKind.InjectFull, [retain, evalR], plan.Rel(layout.InjectFull(seed)), seed);
        var evalO = plan.Add($"evaluate/theta-o/{tag}", JobKind.EvaluateThetaO, [inject.Id, evalR], plan.Rel(EvaluationCache.ThetaOFile(layout, seed)), seed);
        foreach (string objective in c.Unlearn.Objectives)
            foreach (var arm in new[] { Arm.Oracle, Arm.Random })
                plan.Add($"unlearn/{tag}/{objective}/{arm.Id}", JobKind.Unlearn, [evalO.Id], plan.Rel(layout.Unlearn(seed, objective, arm)), seed,
                    job => job with { Objective = objective, Region = arm });
        if (c.Relearn.Enabled)
            plan.Add($"relearn/{tag}", JobKind.Relearn, [evalO.Id], plan.Rel(layout.Relearn(seed)), seed);
        foreach (string objective in c.DoseResponseObjectives())
            foreach (var arm in c.DoseResponse.Overlaps.Select(Arm.Overlap).Where(a => a.Kind == ArmKind.Overlap))
                plan.Add($"unlearn/{tag}/{objective}/{arm.Id}", JobKind.UnlearnOverlap, [evalO.Id], plan.Rel(layout.Unlearn(seed, objective, arm)), seed,
                    job => job with { Objective = objective, Region = arm });
        if (index < LocalizationSeeds(c))
            foreach (string method in c.Localization.Methods)
                AddLocalizer(plan, c, layout, seed, method, inject.Id, evalO.Id);
        if (index < ReconstructionSeeds(c))
            foreach (var arm in Arm.ReconstructionArms(c.Reconstruction.RandomRegions))
                plan.Add($"reconstruct/{tag}/{arm.Id}", JobKind.Reconstruct, [evalO.Id], plan.Rel(layout.Reconstruct(seed, arm)), seed,
                    job => job with { Region = arm });
    }

    private static void AddLocalizer(PlanBuilder plan, ExperimentConfig c, RunLayout layout, long seed, string method, string inject, string evalO)
    {
        string tag = $"seed-{seed}";
        var localize = plan.Add($"localize/{tag}/{method}", JobKind.Localize, [inject], plan.Rel(layout.Localize(seed, method)), seed,
            job => job with { Method = method });
        var arm = Arm.Localized(method);
        foreach (string objective in c.Unlearn.Objectives)
            plan.Add($"unlearn/{tag}/{objective}/{arm.Id}", JobKind.UnlearnLocalized, [localize.Id, evalO], plan.Rel(layout.Unlearn(seed, objective, arm)),
                seed, job => job with { Objective = objective, Region = arm, Method = method });
    }

    /// <summary>The jobs in the order they are added: every job after its dependencies.</summary>
    private sealed class PlanBuilder(RunLayout layout)
    {
        private readonly List<PlannedJob> jobs = [];

        public IReadOnlyList<PlannedJob> Jobs => jobs;

        public string Rel(string path) => Path.GetRelativePath(layout.Root, path);

        /// <param name="fields">sets what the job's kind needs beyond the common fields (objective, region, method)</param>
        public PlannedJob Add(string id, JobKind kind, IReadOnlyList<string> deps, string output, long? seed = null,
            Func<PlannedJob, PlannedJob>? fields = null)
        {
            var job = new PlannedJob { Id = id, Kind = kind, Deps = deps, Output = output, Seed = seed };
            jobs.Add(fields is null ? job : fields(job));
            return jobs[^1];
        }
    }
}
