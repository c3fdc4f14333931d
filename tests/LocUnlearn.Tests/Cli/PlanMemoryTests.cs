using LocUnlearn.Jobs;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Tests.Model;

namespace LocUnlearn.Tests.Cli;

/// <summary>`locunlearn plan` prints the memory of every phase (issue 19), so a machine is sized before anything starts.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PlanMemoryTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void PlanPrintsEveryPhaseAndWithAGivenThetaRNeitherTrainingStageOfThetaPNorThetaR()
    {
        string thetaR = Path.Combine(temp.Path, "theta-r"), planFile = Path.Combine(temp.Path, "plan.json");
        using (var model = TinyModels.Create(TinyModels.Config()))
            ModelFolder.Save(model, thetaR);

        var outcome = CliHarness.Run("plan", "--preset", "tiny", "--retain-model", thetaR, "--run", Path.Combine(temp.Path, "run"), "--out", planFile);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("memory per phase", outcome.Out);
        foreach (string phase in new[] { "stage inject-full", "stage inject", "unlearning runs", "reconstruction", "evaluation" })
            Assert.Contains($"  {phase} ", outcome.Out);
        Assert.DoesNotContain("stage retain", outcome.Out);
        Assert.DoesNotContain("stage pretrain", outcome.Out);
        Assert.DoesNotContain(StudyPlan.Load(planFile).Jobs, j => j.Kind == JobKind.Pretrain);

        var synthetic = CliHarness.Run("plan", "--preset", "tiny", "--run", Path.Combine(temp.Path, "run2"), "--out", Path.Combine(temp.Path, "p2.json"));
        Assert.Contains("  stage pretrain ", synthetic.Out); // the tool's own model: its shape from the synthetic world
        Assert.Contains("  stage retain ", synthetic.Out);
    }
}
