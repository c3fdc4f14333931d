namespace LocUnlearn.Reporting;

/// <summary>
/// One evaluated checkpoint of a run (SPEC 9): FS = 1 - ES(forget), RS = ES(retain), log10 of TOFU forget
/// quality, model utility. Step 0 is θo. All four are "higher is better".
/// </summary>
public sealed record TrajectoryPoint(
    int Step,
    double ForgetScore,
    double RetainScore,
    double Log10ForgetQuality,
    double ModelUtility);
