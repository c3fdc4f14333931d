using LocUnlearn.Reporting;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Jobs;

namespace LocUnlearn.Tests.Jobs;

public sealed class StudyPlannerTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private StudyPlan Plan(string preset = "quick") =>
        StudyPlanner.Build(Presets.Get(preset), new RunLayout(Path.Combine(temp.Path, "run")));

    [Fact]
    public void QuickPresetHasEveryUnitOfTheStudyOnce()
    {
        var plan = Plan();
        var c = Presets.Get("quick");
        int objectives = c.Unlearn.Objectives.Count, methods = c.Localization.Methods.Count;
        Assert.Equal(plan.Jobs.Count, plan.Jobs.Select(j => j.Id).Distinct().Count());
        Assert.Equal(plan.Jobs.Count, plan.Jobs.Select(j => j.Output).Distinct().Count());
        int Count(JobKind kind) => plan.Jobs.Count(j => j.Kind == kind);
        Assert.Equal(1, Count(JobKind.Pretrain));
        Assert.Equal(c.Seeds, Count(JobKind.Inject));
        Assert.Equal(c.Inject.FullReferenceSeeds, Count(JobKind.InjectFull));
        Assert.Equal(c.Seeds, Count(JobKind.EvaluateThetaO));
        Assert.Equal(c.Seeds * objectives * 2, Count(JobKind.Unlearn));
        Assert.Equal(c.Localization.Seeds * methods, Count(JobKind.Localize));
        Assert.Equal(c.Localization.Seeds * methods * objectives, Count(JobKind.UnlearnLocalized));
        Assert.Equal(1 + c.Reconstruction.RandomRegions, Count(JobKind.Reconstruct));
        Assert.Equal("report", plan.Jobs[^1].Id);
        Assert.Equal(plan.Jobs.Count - 1, plan.Jobs[^1].Deps.Count);
    }

    [Fact]
    public void EveryDependencyComesEarlierInThePlan()
    {
        var plan = Plan();
        var seen = new HashSet<string>();
        foreach (var job in plan.Jobs)
        {
            Assert.All(job.Deps, d => Assert.Contains(d, seen));
            seen.Add(job.Id);
        }
    }

    [Fact]
    public void RunsWaitForTheirSeedsThetaOEvaluationAndLocalizedRunsForTheirLocalizer()
    {
        var plan = Plan();
        var run = plan.Job("unlearn/seed-1/npo/random");
        Assert.Equal(["evaluate/theta-o/seed-1"], run.Deps);
        Assert.Equal(["inject/seed-1", "evaluate/theta-r"], plan.Job("evaluate/theta-o/seed-1").Deps);
        var localized = plan.Job("unlearn/seed-0/rmu/loc-wagle");
        Assert.Equal(["localize/seed-0/wagle", "evaluate/theta-o/seed-0"], localized.Deps);
        Assert.Equal(Path.Combine("seeds", "seed-0", "unlearn", "rmu-loc-wagle"), localized.Output);
    }

    [Fact]
    public void UserModelHasNoPretrainJob()
    {
        var c = Presets.Get("quick") with { Model = Presets.Get("quick").Model with { Path = "/models/llama" } };
        var plan = StudyPlanner.Build(c, new RunLayout(temp.Path));
        Assert.DoesNotContain(plan.Jobs, j => j.Kind == JobKind.Pretrain);
        Assert.Equal(["data"], plan.Job("retain").Deps);
    }

    [Fact]
    public void PlanRoundTripsThroughItsFileAndNamesUnknownJobs()
    {
        var options = JobPlans.Options(temp.Path, Path.Combine(temp.Path, "run"));
        var plan = JobPlans.Make(options);
        var loaded = StudyPlan.Load(JobPlans.PlanFile(plan));
        Assert.Equal(plan.Jobs.Select(j => (j.Id, j.Kind, j.Output, string.Join(",", j.Deps))),
            loaded.Jobs.Select(j => (j.Id, j.Kind, j.Output, string.Join(",", j.Deps))));
        var e = Assert.Throws<ArgumentException>(() => loaded.Job("unlearn/seed-9/ga/oracle"));
        Assert.Contains("locunlearn status", e.Message);
    }

    [Fact]
    public void MalformedPlanIsRefusedWithTheFileAndTheFix()
    {
        string path = temp.File("plan.json", "{ \"format\": \"locunlearn-plan/1\", \"run_dir\": 3 ");
        var e = Assert.Throws<ConfigException>(() => StudyPlan.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("locunlearn plan", e.Message);
    }
}
