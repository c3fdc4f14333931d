using LocUnlearn.Evaluation;
using LocUnlearn.Model;

namespace LocUnlearn.Experiments.Stages;

/// <summary>How well a checkpoint has the forget and retain sets (ES, SPEC 9), for stage records.</summary>
public static class SplitFit
{
    public static Dictionary<string, double> Of(StudyContext ctx, LlamaForCausalLM model)
    {
        int batch = ctx.Config.Evaluation.BatchSize;
        var retain = ctx.Config.Evaluation.RetainItems > 0 ? ctx.Data.Retain.Take(ctx.Config.Evaluation.RetainItems).ToList() : ctx.Data.Retain;
        return new Dictionary<string, double>
        {
            ["forget_es"] = SplitExtractionStrength.Mean(model, ctx.Data.Forget, ctx.Data.Collator, ctx.Data.EosIds, batch),
            ["retain_es"] = SplitExtractionStrength.Mean(model, retain, ctx.Data.Collator, ctx.Data.EosIds, batch),
        };
    }
}
