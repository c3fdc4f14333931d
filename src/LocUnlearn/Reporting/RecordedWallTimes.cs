using LocUnlearn.Study.Units;
using LocUnlearn.Study.Stages;
using LocUnlearn.Study;

namespace LocUnlearn.Reporting;

/// <summary>
/// Each stage's wall time as its records state it (stage record.json, run result.json), summed over seeds and runs:
/// what computing it cost when it ran. A resumed run skips finished stages, so its own clock shows ~0 s for them.
/// θr/θo reference evaluations, data generation and the report have no record and are not here.
/// </summary>
public static class RecordedWallTimes
{
    public static IReadOnlyDictionary<string, double> Of(StudyOutcome outcome)
    {
        var layout = outcome.Layout;
        var seconds = new Dictionary<string, double>();
        void Add(string stage, IEnumerable<double> walls)
        {
            var list = walls.ToList();
            if (list.Count > 0) seconds[stage] = list.Sum();
        }
        // With a user model (--model) θp is not computed here and stages/pretrain has no record.
        Add(PretrainStage.Name, StageStore.Read(layout.Stage(PretrainStage.Name)) is { } p ? [p.WallSeconds] : []);
        Add(RetainStage.Name, [outcome.Retain.WallSeconds]);
        Add("inject", outcome.Seeds.Select(s => s.Inject.WallSeconds));
        Add("inject-full", outcome.Seeds.Where(s => s.InjectFull is not null).Select(s => s.InjectFull!.WallSeconds));
        Add("localize", outcome.Seeds.SelectMany(s => outcome.Config.Localization.Methods.Select(m => StageStore.Read(layout.Localize(s.Seed, m))))
            .OfType<StageRecord>().Select(r => r.WallSeconds));
        var runs = outcome.Experiments.Runs;
        Add("unlearn", runs.Where(r => r.Kind == RunKind.Unlearn).Select(r => r.WallSeconds));
        Add("unlearn-localized", runs.Where(r => r.Kind == RunKind.Localized).Select(r => r.WallSeconds));
        Add("reconstruct", runs.Where(r => r.Kind == RunKind.Reconstruct).Select(r => r.WallSeconds));
        return seconds;
    }
}
