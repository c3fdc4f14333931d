using System.Text.Json.Nodes;
using LocUnlearn.Common.Progress;
using LocUnlearn.Jobs;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Study;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Tests.Study;

/// <summary>
/// Issue 19: a study started from a given θr (--retain-model, here the θr an earlier tiny run saved): no θp and no θr
/// training, θr recorded as given with its weights' hash, still evaluated and checked, and the report says so.
/// </summary>
[Collection(TinyStudyCollection.Name)]
public sealed class GivenThetaRTests(TinyStudyRun tiny) : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private string SavedThetaR() => Path.Combine(tiny.Dir, "stages", RetainStage.Name, "model");

    [Fact]
    public void ATinyStudyFromAGivenThetaRSkipsItsTrainingRecordsItAndStatesItInTheReport()
    {
        _ = tiny.Runs;
        string given = SavedThetaR(), dir = Path.Combine(temp.Path, "given");
        var options = new RunOptions { Preset = "tiny", Out = dir, RetainModel = given };

        var outcome = new StudyRunner(NullProgressSink.Instance).Run(options);

        var layout = new RunLayout(dir);
        Assert.False(Directory.Exists(layout.Stage(PretrainStage.Name)));
        Assert.False(Directory.Exists(Path.Combine(layout.Stage(RetainStage.Name), "model"))); // nothing trained or copied
        var record = StageStore.Read(layout.Stage(RetainStage.Name))!;
        Assert.Equal(new GivenModel(given, StudyData.HashFiles(ModelFolder.WeightFiles(given))), record.Given);
        Assert.Equal(0, record.Steps);
        Assert.Empty(record.Losses);
        // θr is evaluated as when it was trained: the same model on the same data gives the same fit.
        var trained = StageStore.Read(new RunLayout(tiny.Dir).Stage(RetainStage.Name))!;
        Assert.Equal(trained.Metrics[StageMetrics.ForgetEs], record.Metrics[StageMetrics.ForgetEs]);
        Assert.Equal(trained.Metrics[StageMetrics.RetainEs], record.Metrics[StageMetrics.RetainEs]);
        Assert.Equal(record.Identity(), StageStore.Read(layout.Inject(0))!.Inputs["theta_r"]);
        Assert.All(outcome.Experiments.Runs, r => Assert.True(r.Ok, r.Error));

        var summary = TinyStudyRun.ReadJson(dir, Path.Combine("results", "summary.json"));
        var checks = summary["controlled_setup"]!["checks"]!.AsArray().Select(k => k!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("theta_r.forget_es", checks);
        Assert.Contains("theta_r.retain_es", checks);
        Assert.Contains("**θr was given**", File.ReadAllText(Path.Combine(dir, "results", "report.md")));
        var models = TinyStudyRun.ReadJson(dir, "manifest.json")["models"]!;
        Assert.Equal("given (--retain-model)", models["theta_r_source"]!.GetValue<string>());
        Assert.Equal(record.Given!.WeightsSha256, models["theta_r"]!.GetValue<string>());
        Assert.Null(models["theta_p"]);

        var times = TinyStudyRun.RecordTimes(dir);
        new StudyRunner(NullProgressSink.Instance).Run(options);
        Assert.Equal(times, TinyStudyRun.RecordTimes(dir)); // resumed: the given θr is not measured again
    }

    [Fact]
    public void ThePlanOfAGivenThetaRHasNoPretrainJobAndKeepsTheRetainJob()
    {
        var c = LocUnlearn.Config.Presets.Get("tiny");
        var layout = new RunLayout(Path.Combine(temp.Path, "plan"));

        var jobs = StudyPlanner.Build(c with { Retain = c.Retain with { ModelPath = "/models/theta-r" } }, layout).Jobs;

        Assert.DoesNotContain(jobs, j => j.Kind == JobKind.Pretrain);
        Assert.Equal(["data"], jobs.Single(j => j.Kind == JobKind.Retain).Deps);
        Assert.Contains(StudyPlanner.Build(c, layout).Jobs, j => j.Kind == JobKind.Pretrain);
    }
}
