using LocUnlearn.Study.Units;
using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Config;
using LocUnlearn.Study;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Study.Units;

/// <summary>evaluation.trade_off = "mixing" in a tiny study: the runs' AUES/MU95 come from the mixing grid, whose ends
/// are θo and the final checkpoint, and mixing leaves every run's own trajectory as it is.</summary>
public sealed class MixingStudyTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private StudyOutcome Run(string name, string tradeOff)
    {
        string config = Path.Combine(temp.Path, name + ".json");
        File.WriteAllText(config, $$"""
            {
              "seeds": 1,
              "unlearn": { "objectives": ["wga"] },
              "localization": { "methods": [] },
              "reconstruction": { "enabled": false },
              "relearn": { "enabled": false },
              "dose_response": { "enabled": false },
              "evaluation": { "trade_off": "{{tradeOff}}", "mixing_grid": 3 }
            }
            """);
        return new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", ConfigFile = config, Out = Path.Combine(temp.Path, name) });
    }

    [Fact]
    public void MixingRunsReportTheGridsAuesAndLeaveTheTrajectoriesUnchanged()
    {
        var mixing = Run("mixing", "mixing").Experiments.Runs.Where(r => r.Kind == RunKind.Unlearn).OrderBy(r => r.Region.Id).ToList();
        var points = Run("points", "points").Experiments.Runs.Where(r => r.Kind == RunKind.Unlearn).OrderBy(r => r.Region.Id).ToList();

        Assert.Equal([LocUnlearn.Study.Arm.Oracle, LocUnlearn.Study.Arm.Random], mixing.Select(r => r.Region));
        foreach (var (m, p) in mixing.Zip(points))
        {
            Assert.True(m.Ok, m.Error);
            Assert.Equal(TradeOffMode.Mixing, m.TradeOff);
            Assert.Equal(TradeOffMode.Points, p.TradeOff);
            Assert.Null(p.Mixing);
            var grid = m.Mixing!.Grid;
            Assert.Equal([0.0, 0.5, 1.0], grid.Select(g => g.Alpha));
            var (first, last) = (m.Trajectory[0].Point, m.Trajectory[^1].Point);
            Assert.Equal((first.ForgetScore, first.RetainScore, first.ModelUtility), (grid[0].Point.ForgetScore, grid[0].Point.RetainScore, grid[0].Point.ModelUtility));
            Assert.Equal((last.ForgetScore, last.RetainScore, last.ModelUtility), (grid[^1].Point.ForgetScore, grid[^1].Point.RetainScore, grid[^1].Point.ModelUtility));
            Assert.Equal(m.Mixing.Aues, m.Aues);
            Assert.Equal(m.Mixing.Mu95, m.Mu95);
            // Mixing scales the live delta and restores it: the run itself (and the next run's θo) is untouched.
            Assert.Equal(p.Trajectory, m.Trajectory);
        }
    }
}
