using LocUnlearn.Config;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;
using LocUnlearn.Study.Units;

namespace LocUnlearn.Jobs;

/// <summary>
/// Builds the job graph of a study from its config, with the same units `locunlearn run` works through in one process:
/// data → θp → θr → (θr's evaluation, θo and the full-parameter reference per seed) → θo's evaluation → Oracle and Random
/// unlearning runs, localizers and their runs, reconstruction runs → report.
/// </summary>
public static class StudyPlanner
{
    /// <summary>
    /// `locunlearn plan` and `run --executor`: resolves the config, prepares the run directory (config.json, refusing a
    /// different config as `run` does), and writes plan.json there and, when given, to <paramref name="path"/>.
    /// </summary>
    public static (StudyPlan Plan, string Path) Prepare(RunOptions options, string? path = null)
    {
        var config = RunSetup.Resolve(options);
        var layout = RunSetup.Prepare(options.Out ?? RunSetup.DefaultOut(config), config, options.Force);
        var plan = Build(config, layout);
        string inRunDir = System.IO.Path.Combine(layout.Root, StudyPlan.FileName);
        plan.Save(inRunDir);
        string wanted = System.IO.Path.GetFullPath(path ?? inRunDir);
        if (wanted != inRunDir)
            plan.Save(wanted);
        return (plan, wanted);
    }

    public static StudyPlan Build(ExperimentConfig c, RunLayout layout)
    {
        var jobs = new List<PlannedJob>();
        string Rel(string path) => Path.GetRelativePath(layout.Root, path);
        PlannedJob Add(PlannedJob job) { jobs.Add(job); return job; }

        var data = Add(new PlannedJob { Id = "data", Kind = JobKind.Data, Output = c.Data.Source == DataSource.Folder ? c.Data.Path! : Rel(layout.DataDir) });
        string upstream = data.Id;
        if (c.Model.Path is null)
            upstream = Add(new PlannedJob { Id = "pretrain", Kind = JobKind.Pretrain, Deps = [data.Id], Output = Rel(layout.Stage(PretrainStage.Name)) }).Id;
        var retain = Add(new PlannedJob { Id = "retain", Kind = JobKind.Retain, Deps = [upstream], Output = Rel(layout.Stage(RetainStage.Name)) });
        var evalR = Add(new PlannedJob
        {
            Id = "evaluate/theta-r", Kind = JobKind.EvaluateThetaR, Deps = [retain.Id],
            Output = Rel(EvaluationCache.ThetaRFile(layout)),
        });

        var seeds = c.SeedList().ToList();
        int fullReferenceSeeds = c.Inject.FullReferenceSeeds > 0 ? c.Inject.FullReferenceSeeds : c.Seeds;
        int localizationSeeds = c.Localization.Seeds > 0 ? c.Localization.Seeds : c.Seeds;
        var seedJobs = new List<string>();
        for (int s = 0; s < seeds.Count; s++)
        {
            long seed = seeds[s];
            string tag = $"seed-{seed}";
            var inject = Add(new PlannedJob { Id = $"inject/{tag}", Kind = JobKind.Inject, Deps = [retain.Id], Output = Rel(layout.Inject(seed)), Seed = seed });
            if (c.Inject.FullReference && s < fullReferenceSeeds)
                Add(new PlannedJob { Id = $"inject-full/{tag}", Kind = JobKind.InjectFull, Deps = [retain.Id], Output = Rel(layout.InjectFull(seed)), Seed = seed });
            var evalO = Add(new PlannedJob
            {
                Id = $"evaluate/theta-o/{tag}", Kind = JobKind.EvaluateThetaO, Deps = [inject.Id, evalR.Id],
                Output = Rel(EvaluationCache.ThetaOFile(layout, seed)), Seed = seed,
            });
            foreach (string objective in c.Unlearn.Objectives)
                foreach (string region in new[] { "oracle", "random" })
                    Add(new PlannedJob
                    {
                        Id = $"unlearn/{tag}/{objective}/{region}", Kind = JobKind.Unlearn, Deps = [evalO.Id],
                        Output = Rel(layout.Unlearn(seed, objective, region)), Seed = seed, Objective = objective, Region = region,
                    });
            if (s < localizationSeeds)
            {
                foreach (string method in c.Localization.Methods)
                {
                    var localize = Add(new PlannedJob
                    {
                        Id = $"localize/{tag}/{method}", Kind = JobKind.Localize, Deps = [inject.Id],
                        Output = Rel(layout.Localize(seed, method)), Seed = seed, Method = method,
                    });
                    foreach (string objective in c.Unlearn.Objectives)
                        Add(new PlannedJob
                        {
                            Id = $"unlearn/{tag}/{objective}/loc-{method}", Kind = JobKind.UnlearnLocalized, Deps = [localize.Id, evalO.Id],
                            Output = Rel(layout.Unlearn(seed, objective, $"loc-{method}")), Seed = seed, Objective = objective,
                            Region = $"loc-{method}", Method = method,
                        });
                }
            }
            if (s == 0 && c.Reconstruction.Enabled)
            {
                var names = new List<string> { "oracle" };
                for (int i = 0; i < c.Reconstruction.RandomRegions; i++)
                    names.Add($"random_{(char)('a' + i)}");
                foreach (string region in names)
                    Add(new PlannedJob
                    {
                        Id = $"reconstruct/{tag}/{region}", Kind = JobKind.Reconstruct, Deps = [evalO.Id],
                        Output = Rel(layout.Reconstruct(seed, region)), Seed = seed, Region = region,
                    });
            }
        }
        Add(new PlannedJob
        {
            Id = "report", Kind = JobKind.Report, Deps = [.. jobs.Select(j => j.Id)],
            Output = Rel(Path.Combine(layout.ResultsDir, "summary.json")),
        });
        return new StudyPlan { RunDir = layout.Root, Jobs = jobs };
    }
}
