namespace LocUnlearn.Study.Stages;

/// <summary>The keys of a stage record's metrics (record.json), read by the setup checks and the report.</summary>
public static class StageMetrics
{
    public const string ForgetEs = "forget_es";
    public const string RetainEs = "retain_es";
    public const string ModelUtility = "model_utility";
    public const string Log10ForgetQuality = "log10_forget_quality";
}
