namespace LocUnlearn.Jobs;

/// <summary>The kinds of job a study plan holds, in pipeline order (also the Slurm array groups).</summary>
public static class JobKinds
{
    public const string Data = "data";
    public const string Pretrain = "pretrain";
    public const string Retain = "retain";
    public const string EvaluateThetaR = "evaluate-theta-r";
    public const string Inject = "inject";
    public const string InjectFull = "inject-full";
    public const string EvaluateThetaO = "evaluate-theta-o";
    public const string Unlearn = "unlearn";
    public const string Localize = "localize";
    public const string UnlearnLocalized = "unlearn-localized";
    public const string Reconstruct = "reconstruct";
    public const string Report = "report";

    public static readonly IReadOnlyList<string> InOrder =
    [
        Data, Pretrain, Retain, EvaluateThetaR, Inject, InjectFull, EvaluateThetaO, Unlearn, Localize, UnlearnLocalized, Reconstruct, Report,
    ];
}
