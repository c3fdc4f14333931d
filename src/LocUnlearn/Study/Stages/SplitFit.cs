using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Study.Stages;

/// <summary>How well a checkpoint has the forget and retain sets (ES, SPEC 9), for stage records.</summary>
public static class SplitFit
{
    public static Dictionary<string, double> Of(StudyContext ctx, LlamaForCausalLM model)
    {
        var scorer = new TeacherForcedScorer(model, ctx.Data.PadId, ctx.Data.EosIds, ctx.Config.Evaluation.BatchSize);
        int retainItems = ctx.Config.Evaluation.RetainItems;
        var retain = retainItems > 0 ? ctx.Data.Retain.Take(retainItems).ToList() : ctx.Data.Retain;
        return new Dictionary<string, double>
        {
            [StageMetrics.ForgetEs] = MeanEs(scorer, ctx.Data.Forget),
            [StageMetrics.RetainEs] = MeanEs(scorer, retain),
        };
    }

    private static double MeanEs(TeacherForcedScorer scorer, IReadOnlyList<EncodedExample> examples) =>
        ExtractionStrength.Mean(scorer.Score(examples).Select(s => s.ExtractionStrength).ToList());
}
